package io.gitbridge.provider;

/** A delivery whose headers plainly come from another provider than the hook's: a common setup mistake. */
public class WrongProviderException extends WebhookException {

    public WrongProviderException(String expected, String actual) {
        super("this hook expects " + expected + " deliveries, but this delivery comes from " + actual
                + "; create the hook with \"provider\": \"" + actual + "\" or point " + actual
                + " at the right hook", null);
    }
}
