package io.emporium.payment.provider;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The payment module's business metrics (documented in docs/operations.md):
 * <ul>
 *     <li>{@value #PAYMENTS} (Prometheus {@code emporium_payments_total}), a counter tagged {@code outcome}: what the
 *     provider's answers came to, counted by the provider gateway whichever provider is configured;</li>
 *     <li>{@value #PROVIDER_CALLS} (Prometheus {@code emporium_payment_provider_calls_seconds}), a timer of each HTTP
 *     call to the provider, tagged {@code operation} ({@code authorize}, {@code refund}) and {@code outcome}.</li>
 * </ul>
 */
public final class PaymentMetrics {

    public static final String PAYMENTS = "emporium.payments";
    public static final String PROVIDER_CALLS = "emporium.payment.provider.calls";

    /** What a payment's call to the provider came to. */
    public enum Outcome {
        /** Approved: the authorization is recorded. */
        AUTHORIZED,
        /** Declined by the provider, with its reason. */
        DECLINED,
        /** The provider failed for good, or transiently on every attempt: the payment is declined with that reason. */
        FAILED,
        /** No answer ({@link NoAnswerFromProvider}): nothing recorded, the order's payment deadline decides. */
        UNANSWERED,
        /** A refund the provider confirmed. */
        REFUNDED,
        /** A refund the provider could not make; logged with the payment and refund ids. */
        REFUND_FAILED;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final Map<Outcome, Counter> payments = new EnumMap<>(Outcome.class);

    public PaymentMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        for (Outcome outcome : Outcome.values()) {
            // Registered up front, so that every outcome shows in Prometheus at 0 before it first happens.
            payments.put(outcome, Counter.builder(PAYMENTS).tag("outcome", outcome.tag())
                                         .description("Payments by what the provider's answer came to")
                                         .register(registry));
        }
    }

    /** Metrics kept in memory only, for tests and for code run outside Spring. */
    public static PaymentMetrics unregistered() {
        return new PaymentMetrics(new SimpleMeterRegistry());
    }

    void count(Outcome outcome) {
        payments.get(outcome).increment();
    }

    /** Starts timing one call to the provider; {@link Timer.Sample#stop} it with {@link #callTimer}. */
    public Timer.Sample startCall() {
        return Timer.start(registry);
    }

    /** The timer of calls of {@code operation} that ended in {@code outcome}. */
    public Timer callTimer(String operation, String outcome) {
        return Timer.builder(PROVIDER_CALLS).tag("operation", operation).tag("outcome", outcome)
                    .description("Calls to the payment provider, each attempt on its own")
                    .register(registry);
    }
}
