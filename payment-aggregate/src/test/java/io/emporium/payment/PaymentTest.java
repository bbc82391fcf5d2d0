package io.emporium.payment;

import static org.axonframework.test.matchers.Matchers.predicate;

import io.emporium.messages.common.Caller;
import io.emporium.messages.common.CommandRefusedException;
import io.emporium.messages.common.Money;
import io.emporium.messages.common.RefusalKind;
import io.emporium.messages.payment.AuthorizePayment;
import io.emporium.messages.payment.PaymentAuthorizationRequested;
import io.emporium.messages.payment.PaymentAuthorized;
import io.emporium.messages.payment.PaymentDeclined;
import io.emporium.messages.payment.PaymentRefunded;
import io.emporium.messages.payment.RecordPaymentAuthorization;
import io.emporium.messages.payment.RecordPaymentDecline;
import io.emporium.messages.payment.RefundPayment;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.ResultValidator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PaymentTest {

    private static final String PAYMENT_ID = "5a8f7d8e-3c1b-3f0e-9a47-1f3e2b6c9d10";
    private static final String ORDER_ID = "0c6f1d3a-8b2e-4f5a-9c7d-2e1b3a4c5d6e";
    private static final Money AMOUNT = Money.of(5_000, "EUR");
    private static final String TOKEN = "pm_approve";
    private static final String REFERENCE = "sim-" + PAYMENT_ID;

    private static final PaymentAuthorizationRequested REQUESTED =
            new PaymentAuthorizationRequested(PAYMENT_ID, ORDER_ID, AMOUNT, TOKEN);
    private static final PaymentAuthorized AUTHORIZED = new PaymentAuthorized(PAYMENT_ID, ORDER_ID, AMOUNT, REFERENCE);
    private static final PaymentDeclined DECLINED = new PaymentDeclined(PAYMENT_ID, ORDER_ID, "card declined");

    private AggregateTestFixture<Payment> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Payment.class);
    }

    // Authorization request

    @Test
    void requestsAuthorizationOfANewPayment() {
        fixture.givenNoPriorActivity()
                .when(new AuthorizePayment(PAYMENT_ID, ORDER_ID, AMOUNT, TOKEN))
                .expectSuccessfulHandlerExecution()
                .expectEvents(REQUESTED);
    }

    @Test
    void ignoresAnIdenticalRepeatedRequest() {
        fixture.given(REQUESTED)
                .when(new AuthorizePayment(PAYMENT_ID, ORDER_ID, AMOUNT, TOKEN))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void ignoresAnIdenticalRequestAfterTheProviderAnswered() {
        fixture.given(REQUESTED, AUTHORIZED)
                .when(new AuthorizePayment(PAYMENT_ID, ORDER_ID, AMOUNT, TOKEN))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void refusesARequestReusingThePaymentIdForAnotherAmount() {
        refused(fixture.given(REQUESTED)
                        .when(new AuthorizePayment(PAYMENT_ID, ORDER_ID, Money.of(4_999, "EUR"), TOKEN)),
                "payment-id-already-used");
    }

    @Test
    void refusesARequestReusingThePaymentIdForAnotherOrder() {
        refused(fixture.given(REQUESTED)
                        .when(new AuthorizePayment(PAYMENT_ID, "9d2c4b6a-1e3f-4a5b-8c7d-6e5f4a3b2c1d", AMOUNT, TOKEN)),
                "payment-id-already-used");
    }

    @Test
    void refusesARequestReusingThePaymentIdWithAnotherToken() {
        refused(fixture.given(REQUESTED).when(new AuthorizePayment(PAYMENT_ID, ORDER_ID, AMOUNT, "pm_decline")),
                "payment-id-already-used");
    }

    @Test
    void refusesARequestWithoutAPaymentId() {
        refused(fixture.givenNoPriorActivity().when(new AuthorizePayment(" ", ORDER_ID, AMOUNT, TOKEN)),
                "payment-id-required");
    }

    @Test
    void refusesARequestWithoutAnOrderId() {
        refused(fixture.givenNoPriorActivity().when(new AuthorizePayment(PAYMENT_ID, " ", AMOUNT, TOKEN)),
                "order-id-required");
    }

    @Test
    void refusesARequestWithoutAnAmount() {
        refused(fixture.givenNoPriorActivity().when(new AuthorizePayment(PAYMENT_ID, ORDER_ID, null, TOKEN)),
                "amount-required");
    }

    @Test
    void refusesARequestForNothing() {
        refused(fixture.givenNoPriorActivity()
                        .when(new AuthorizePayment(PAYMENT_ID, ORDER_ID, Money.zero("EUR"), TOKEN)),
                "amount-not-positive");
    }

    @Test
    void refusesARequestWithoutAPaymentMethodToken() {
        refused(fixture.givenNoPriorActivity().when(new AuthorizePayment(PAYMENT_ID, ORDER_ID, AMOUNT, "")),
                "payment-method-token-required");
    }

    @Test
    void refusesAPaymentMethodTokenLongerThanOneHundredCharacters() {
        refused(fixture.givenNoPriorActivity()
                        .when(new AuthorizePayment(PAYMENT_ID, ORDER_ID, AMOUNT, "t".repeat(101))),
                "payment-method-token-too-long");
    }

    @Test
    void acceptsAPaymentMethodTokenOfExactlyOneHundredCharacters() {
        String token = "t".repeat(100);
        fixture.givenNoPriorActivity()
                .when(new AuthorizePayment(PAYMENT_ID, ORDER_ID, AMOUNT, token))
                .expectEvents(new PaymentAuthorizationRequested(PAYMENT_ID, ORDER_ID, AMOUNT, token));
    }

    // The provider's answer

    @Test
    void recordsTheProvidersAuthorization() {
        fixture.given(REQUESTED)
                .when(new RecordPaymentAuthorization(PAYMENT_ID, REFERENCE))
                .expectSuccessfulHandlerExecution()
                .expectEvents(AUTHORIZED);
    }

    @Test
    void recordsTheProvidersDecline() {
        fixture.given(REQUESTED)
                .when(new RecordPaymentDecline(PAYMENT_ID, "card declined"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(DECLINED);
    }

    @Test
    void ignoresARepeatedAuthorization() {
        fixture.given(REQUESTED, AUTHORIZED)
                .when(new RecordPaymentAuthorization(PAYMENT_ID, REFERENCE))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void ignoresAnAuthorizationRepeatedAfterARefund() {
        fixture.given(REQUESTED, AUTHORIZED, refunded("r-1", 5_000, 5_000))
                .when(new RecordPaymentAuthorization(PAYMENT_ID, REFERENCE))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void ignoresARepeatedDecline() {
        fixture.given(REQUESTED, DECLINED)
                .when(new RecordPaymentDecline(PAYMENT_ID, "card declined"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void refusesADeclineOfAnAuthorizedPayment() {
        refused(fixture.given(REQUESTED, AUTHORIZED).when(new RecordPaymentDecline(PAYMENT_ID, "card declined")),
                "payment-already-authorized");
    }

    @Test
    void refusesADeclineOfARefundedPayment() {
        refused(fixture.given(REQUESTED, AUTHORIZED, refunded("r-1", 1_000, 1_000))
                        .when(new RecordPaymentDecline(PAYMENT_ID, "card declined")),
                "payment-already-authorized");
    }

    @Test
    void refusesAnAuthorizationOfADeclinedPayment() {
        refused(fixture.given(REQUESTED, DECLINED).when(new RecordPaymentAuthorization(PAYMENT_ID, REFERENCE)),
                "payment-already-declined");
    }

    @Test
    void refusesAnAuthorizationWithoutTheProvidersReference() {
        refused(fixture.given(REQUESTED).when(new RecordPaymentAuthorization(PAYMENT_ID, " ")),
                "provider-reference-required");
    }

    @Test
    void refusesADeclineWithoutAReason() {
        refused(fixture.given(REQUESTED).when(new RecordPaymentDecline(PAYMENT_ID, "")), "decline-reason-required");
    }

    // Refunds

    @Test
    void refundsEverythingWhenNoAmountIsGiven() {
        fixture.given(REQUESTED, AUTHORIZED)
                .when(new RefundPayment(PAYMENT_ID, "r-1", null, "order cancelled"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(refunded("r-1", 5_000, 5_000));
    }

    @Test
    void refundsTheFullAmountGivenExplicitly() {
        fixture.given(REQUESTED, AUTHORIZED)
                .when(new RefundPayment(PAYMENT_ID, "r-1", AMOUNT, "order cancelled"))
                .expectEvents(refunded("r-1", 5_000, 5_000));
    }

    @Test
    void refundsInPartsUpToTheAuthorizedAmount() {
        fixture.given(REQUESTED, AUTHORIZED, refunded("r-1", 1_000, 1_000), refunded("r-2", 1_500, 2_500))
                .when(new RefundPayment(PAYMENT_ID, "r-3", Money.of(2_500, "EUR"), "order cancelled"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(refunded("r-3", 2_500, 5_000));
    }

    @Test
    void refundsWhatIsLeftWhenNoAmountIsGivenAfterAPartialRefund() {
        fixture.given(REQUESTED, AUTHORIZED, refunded("r-1", 1_000, 1_000))
                .when(new RefundPayment(PAYMENT_ID, "r-2", null, "order cancelled"))
                .expectEvents(refunded("r-2", 4_000, 5_000));
    }

    @Test
    void refusesARefundBeyondTheAuthorizedAmount() {
        refused(fixture.given(REQUESTED, AUTHORIZED)
                        .when(new RefundPayment(PAYMENT_ID, "r-1", Money.of(5_001, "EUR"), "order cancelled")),
                "refund-exceeds-authorized");
    }

    @Test
    void refusesARefundWhoseReasonHoldsNul() {
        refused(fixture.given(REQUESTED, AUTHORIZED)
                        .when(new RefundPayment(PAYMENT_ID, "r-1", null, "order\u0000cancelled")),
                "invalid-reason");
    }

    @Test
    void refusesARefundIdWithAControlCharacter() {
        refused(fixture.given(REQUESTED, AUTHORIZED)
                        .when(new RefundPayment(PAYMENT_ID, "r-1\u0008", null, "order cancelled")),
                "invalid-refund-id");
    }

    @Test
    void refusesAPartialRefundBeyondWhatIsLeft() {
        refused(fixture.given(REQUESTED, AUTHORIZED, refunded("r-1", 4_000, 4_000))
                        .when(new RefundPayment(PAYMENT_ID, "r-2", Money.of(1_001, "EUR"), "order cancelled")),
                "refund-exceeds-authorized");
    }

    @Test
    void refusesANewRefundOfAFullyRefundedPayment() {
        refused(fixture.given(REQUESTED, AUTHORIZED, refunded("r-1", 5_000, 5_000))
                        .when(new RefundPayment(PAYMENT_ID, "r-2", null, "order cancelled")),
                "refund-exceeds-authorized");
    }

    @Test
    void ignoresARepeatedRefundId() {
        fixture.given(REQUESTED, AUTHORIZED, refunded("r-1", 1_000, 1_000))
                .when(new RefundPayment(PAYMENT_ID, "r-1", Money.of(1_000, "EUR"), "order cancelled"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void ignoresARepeatedRefundIdOfAFullyRefundedPayment() {
        fixture.given(REQUESTED, AUTHORIZED, refunded("r-1", 5_000, 5_000))
                .when(new RefundPayment(PAYMENT_ID, "r-1", null, "order cancelled"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void refusesARefundBeforeTheAuthorization() {
        refused(fixture.given(REQUESTED).when(new RefundPayment(PAYMENT_ID, "r-1", null, "order cancelled")),
                "payment-not-authorized");
    }

    @Test
    void refusesARefundOfADeclinedPayment() {
        refused(fixture.given(REQUESTED, DECLINED).when(new RefundPayment(PAYMENT_ID, "r-1", null, "order cancelled")),
                "payment-not-authorized");
    }

    @Test
    void refusesARefundOfNothing() {
        refused(fixture.given(REQUESTED, AUTHORIZED)
                        .when(new RefundPayment(PAYMENT_ID, "r-1", Money.zero("EUR"), "order cancelled")),
                "refund-amount-not-positive");
    }

    @Test
    void refusesARefundInAnotherCurrency() {
        refused(fixture.given(REQUESTED, AUTHORIZED)
                        .when(new RefundPayment(PAYMENT_ID, "r-1", Money.of(1_000, "USD"), "order cancelled")),
                "refund-currency-mismatch");
    }

    @Test
    void refusesARefundWithoutARefundId() {
        refused(fixture.given(REQUESTED, AUTHORIZED).when(new RefundPayment(PAYMENT_ID, " ", null, "order cancelled")),
                "refund-id-required");
    }

    private static PaymentRefunded refunded(String refundId, long amountMinor, long refundedTotalMinor) {
        return new PaymentRefunded(PAYMENT_ID, ORDER_ID, refundId, Money.of(amountMinor, "EUR"),
                Money.of(refundedTotalMinor, "EUR"), "order cancelled");
    }

    private static void refused(ResultValidator<Payment> result, String code) {
        result.expectNoEvents()
                .expectException(CommandRefusedException.class)
                .expectException(predicate((Throwable refusal) -> refusal instanceof CommandRefusedException
                        && code.equals(((CommandRefusedException) refusal).code())));
    }

    // The caller in the metadata: refunds are the shop staff's or the order saga's

    @Test
    void aCustomerMayNotRefund() {
        ResultValidator<Payment> result = fixture.given(REQUESTED, AUTHORIZED)
                .when(new RefundPayment(PAYMENT_ID, "r-1", null, "I want my money"),
                      new Caller("customer-1", Set.of(Caller.CUSTOMER)).toMetaData());
        refused(result, "operator-only");
        result.expectException(predicate((Throwable refusal) ->
                ((CommandRefusedException) refusal).kind() == RefusalKind.FORBIDDEN));
    }

    @Test
    void theOrderSagaRefunds() {
        fixture.given(REQUESTED, AUTHORIZED)
                .when(new RefundPayment(PAYMENT_ID, "r-1", null, "order cancelled"), Caller.ORDER_FULFILMENT.toMetaData())
                .expectEvents(refunded("r-1", 5_000, 5_000));
    }
}
