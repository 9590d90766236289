package io.gitbridge.testkit.deliveries;

/** Builds signed deliveries the way one provider sends them. */
public interface ProviderDeliveries {

    /** The provider id, as in a hook's {@code provider} field. */
    String provider();

    /**
     * A push of {@code commit} to {@code branch}, signed or authenticated with {@code secret}.
     *
     * @param deliveryId the provider's delivery id, where the provider sends one
     */
    TestDelivery push(String secret, String branch, String commit, String deliveryId);

    /** A CI success for {@code commit} on {@code branch}, or null when the provider has no such event. */
    TestDelivery ciSuccess(String secret, String branch, String commit, String deliveryId);
}
