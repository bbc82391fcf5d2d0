package io.emporium.payment.provider;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** What went wrong, out of the wrappers asynchronous code puts around it. */
public final class Failures {

    private Failures() {
    }

    /** The failure inside any {@link CompletionException} or {@link ExecutionException} around it. */
    public static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
