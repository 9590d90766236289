package io.gitbridge.delivery;

/** A delivery that cannot be redelivered because it never queued a sync (it was ignored, refused, …). */
public class NotQueuedException extends RuntimeException {

    public NotQueuedException(Delivery delivery) {
        super("delivery " + delivery.deliveryId() + " was never queued (it was " + delivery.outcome().wire()
                + (delivery.reason() == null ? "" : ": " + delivery.reason())
                + "); only deliveries that queued a sync can be redelivered");
    }
}
