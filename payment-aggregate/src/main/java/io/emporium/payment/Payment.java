package io.emporium.payment;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.emporium.messages.common.Caller;
import io.emporium.messages.common.CommandRefusedException;
import io.emporium.messages.common.Money;
import io.emporium.messages.common.Text;
import io.emporium.messages.payment.AuthorizePayment;
import io.emporium.messages.payment.PaymentAuthorizationRequested;
import io.emporium.messages.payment.PaymentAuthorized;
import io.emporium.messages.payment.PaymentDeclined;
import io.emporium.messages.payment.PaymentRefunded;
import io.emporium.messages.payment.PaymentStatus;
import io.emporium.messages.payment.RecordPaymentAuthorization;
import io.emporium.messages.payment.RecordPaymentDecline;
import io.emporium.messages.payment.RefundPayment;
import java.util.HashSet;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A payment for one order: an authorization requested from the payment provider, answered once (authorized
 * or declined), then refunded in one or more parts, never beyond the authorized amount.
 *
 * <pre>
 * AUTHORIZATION_REQUESTED -> AUTHORIZED -> PARTIALLY_REFUNDED -> REFUNDED
 *                        \-> DECLINED
 * </pre>
 *
 * Repeating a request, an answer or a refund changes nothing; contradicting one is refused. The call to the
 * provider is not made here: the aggregate only decides, and the provider gateway reacts to its events.
 */
@Aggregate(cache = PaymentModule.CACHE)
public class Payment {

    static final int MAX_TOKEN_LENGTH = 100;

    @AggregateIdentifier
    private String paymentId;
    private String orderId;
    private Money amount;
    private String paymentMethodToken;
    private PaymentStatus status;
    private Money refundedTotal;
    private final Set<String> refundIds = new HashSet<>();

    // Axon creates an empty instance, then replays the payment's events into it.
    protected Payment() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(AuthorizePayment command) {
        requireText(command.paymentId(), "payment-id-required", "a payment id is required");
        requireText(command.orderId(), "order-id-required", "an order id is required");
        if (command.amount() == null) {
            throw CommandRefusedException.ruleViolated("amount-required", "an amount to authorize is required");
        }
        if (command.amount().amountMinor() == 0) {
            throw CommandRefusedException.ruleViolated("amount-not-positive",
                    "the amount to authorize must be more than zero");
        }
        requireText(command.paymentMethodToken(), "payment-method-token-required",
                "a payment method token is required");
        if (command.paymentMethodToken().length() > MAX_TOKEN_LENGTH) {
            throw CommandRefusedException.ruleViolated("payment-method-token-too-long",
                    "a payment method token has at most " + MAX_TOKEN_LENGTH + " characters");
        }
        Text.requireStorable("payment method token", command.paymentMethodToken(), "invalid-payment-method-token");
        if (paymentId != null) {
            if (command.orderId().equals(orderId) && command.amount().equals(amount)
                    && command.paymentMethodToken().equals(paymentMethodToken)) {
                return;
            }
            throw CommandRefusedException.conflict("payment-id-already-used",
                    "payment " + paymentId + " was already requested with another order, amount or token");
        }
        apply(new PaymentAuthorizationRequested(command.paymentId(), command.orderId(), command.amount(),
                command.paymentMethodToken()));
    }

    @CommandHandler
    public void handle(RecordPaymentAuthorization command) {
        requireText(command.providerReference(), "provider-reference-required",
                "an authorization needs the provider's reference");
        switch (status) {
            case AUTHORIZATION_REQUESTED -> apply(new PaymentAuthorized(paymentId, orderId, amount,
                    command.providerReference()));
            case AUTHORIZED, PARTIALLY_REFUNDED, REFUNDED -> {
                // The provider's answer arrived twice; the first one counts.
            }
            case DECLINED -> throw CommandRefusedException.conflict("payment-already-declined",
                    "payment " + paymentId + " was already declined");
        }
    }

    @CommandHandler
    public void handle(RecordPaymentDecline command) {
        requireText(command.reason(), "decline-reason-required", "a decline needs a reason");
        switch (status) {
            case AUTHORIZATION_REQUESTED -> apply(new PaymentDeclined(paymentId, orderId, command.reason()));
            case DECLINED -> {
                // The provider's answer arrived twice; the first one counts.
            }
            case AUTHORIZED, PARTIALLY_REFUNDED, REFUNDED -> throw CommandRefusedException.conflict(
                    "payment-already-authorized", "payment " + paymentId + " was already authorized");
        }
    }

    @CommandHandler
    public void handle(RefundPayment command, MetaData metaData) {
        Caller.of(metaData).requireMayOperate("refunding a payment");
        requireText(command.refundId(), "refund-id-required", "a refund id is required");
        Text.requireStorable("refund id", command.refundId(), "invalid-refund-id");
        Text.requireStorable("reason", command.reason(), "invalid-reason");
        if (status != PaymentStatus.AUTHORIZED && status != PaymentStatus.PARTIALLY_REFUNDED
                && status != PaymentStatus.REFUNDED) {
            throw CommandRefusedException.conflict("payment-not-authorized",
                    "payment " + paymentId + " is " + status + "; only an authorized payment can be refunded");
        }
        if (refundIds.contains(command.refundId())) {
            return;
        }
        Money remaining = amount.minus(refundedTotal);
        Money refund = command.amount() == null ? remaining : command.amount();
        if (!refund.currency().equals(amount.currency())) {
            throw CommandRefusedException.ruleViolated("refund-currency-mismatch",
                    "payment " + paymentId + " was authorized in " + amount.currency() + ", not "
                            + refund.currency());
        }
        if (remaining.amountMinor() == 0) {
            throw CommandRefusedException.ruleViolated("refund-exceeds-authorized",
                    "payment " + paymentId + " is already refunded in full");
        }
        if (refund.amountMinor() == 0) {
            throw CommandRefusedException.ruleViolated("refund-amount-not-positive",
                    "the amount to refund must be more than zero");
        }
        if (refund.isGreaterThan(remaining)) {
            throw CommandRefusedException.ruleViolated("refund-exceeds-authorized",
                    "refunding " + refund + " of payment " + paymentId + " would exceed the authorized "
                            + amount + "; " + remaining + " can still be refunded");
        }
        apply(new PaymentRefunded(paymentId, orderId, command.refundId(), refund, refundedTotal.plus(refund),
                command.reason()));
    }

    @EventSourcingHandler
    void on(PaymentAuthorizationRequested event) {
        paymentId = event.paymentId();
        orderId = event.orderId();
        amount = event.amount();
        paymentMethodToken = event.paymentMethodToken();
        refundedTotal = Money.zero(event.amount().currency());
        status = PaymentStatus.AUTHORIZATION_REQUESTED;
    }

    @EventSourcingHandler
    void on(PaymentAuthorized event) {
        status = PaymentStatus.AUTHORIZED;
    }

    @EventSourcingHandler
    void on(PaymentDeclined event) {
        status = PaymentStatus.DECLINED;
    }

    @EventSourcingHandler
    void on(PaymentRefunded event) {
        refundIds.add(event.refundId());
        refundedTotal = event.refundedTotal();
        status = refundedTotal.equals(amount) ? PaymentStatus.REFUNDED : PaymentStatus.PARTIALLY_REFUNDED;
    }

    private static void requireText(String value, String code, String message) {
        if (value == null || value.isBlank()) {
            throw CommandRefusedException.ruleViolated(code, message);
        }
    }
}
