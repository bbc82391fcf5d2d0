package io.emporium.saga;

import static io.emporium.saga.OrderFulfilmentSaga.LATE_ANSWER_DEADLINE;
import static io.emporium.saga.OrderFulfilmentSaga.PAYMENT_DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emporium.messages.common.CommandRefusedException;
import io.emporium.messages.common.Identifiers;
import io.emporium.messages.common.Money;
import io.emporium.messages.inventory.CommitReservation;
import io.emporium.messages.inventory.ReleaseStock;
import io.emporium.messages.inventory.ReserveStock;
import io.emporium.messages.inventory.StockReservationRejected;
import io.emporium.messages.inventory.StockReserved;
import io.emporium.messages.order.ConfirmOrder;
import io.emporium.messages.order.OrderCancelled;
import io.emporium.messages.order.OrderLine;
import io.emporium.messages.order.OrderPlaced;
import io.emporium.messages.order.OrderRejected;
import io.emporium.messages.order.RejectOrder;
import io.emporium.messages.order.RejectionCause;
import io.emporium.messages.payment.AuthorizePayment;
import io.emporium.messages.payment.PaymentAuthorized;
import io.emporium.messages.payment.PaymentDeclined;
import io.emporium.messages.payment.RefundPayment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The saga's decisions, one test per step and per compensation, on Axon's saga fixture: commands dispatched,
 * associations, deadlines scheduled, cancelled and met. Commands are "handled" by the fixture's recording command
 * bus, which answers as each test tells it to.
 */
class OrderFulfilmentSagaTest {

    static final String ORDER = "5b1e0c6a-8f61-4c2e-9d0b-6b7a3e2f1c40";
    static final String PAYMENT = Identifiers.paymentIdFor(ORDER);
    static final String TOKEN = "pm_approve";
    static final String DESK = "DESK-OAK";
    static final String LAMP = "LAMP-BRASS";
    static final Money DESK_PRICE = Money.of(24_900, "EUR");
    static final Money LAMP_PRICE = Money.of(1_900, "EUR");
    /** 2 desks and 1 lamp at the prices they were reserved at. */
    static final Money TOTAL = Money.of(2 * 24_900 + 1_900, "EUR");
    static final Duration PAYMENT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration LATE_ANSWER_WINDOW = Duration.ofHours(24);
    static final int MAX_ATTEMPTS = 3;

    static final SagaProperties SETTINGS = new SagaProperties(PAYMENT_TIMEOUT, LATE_ANSWER_WINDOW,
            new SagaProperties.Retry(MAX_ATTEMPTS, Duration.ofMillis(1), 2.0, 0.5, Duration.ofMillis(4),
                    Duration.ofSeconds(5)), new SagaProperties.Processor(2, 4, 8));

    SagaTestFixture<OrderFulfilmentSaga> fixture;
    /** Each stub may throw for a command; a command no stub throws for succeeds. */
    final List<Function<Object, RuntimeException>> failures = new ArrayList<>();

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(OrderFulfilmentSaga.class);
        DefaultCommandGateway gateway = DefaultCommandGateway.builder().commandBus(fixture.getCommandBus()).build();
        fixture.registerResource(new CommandDelivery(gateway, SETTINGS.retry(), Runnable::run));
        fixture.registerResource(SETTINGS);
        // As in production (SagaModule): a failing handler fails the event, so that it is handled again later.
        fixture.registerListenerInvocationErrorHandler(PropagatingErrorHandler.instance());
        fixture.setCallbackBehavior(this::answer);
    }

    private Object answer(Object command, MetaData metaData) {
        for (Function<Object, RuntimeException> failure : failures) {
            RuntimeException thrown = failure.apply(command);
            if (thrown != null) {
                throw thrown;
            }
        }
        return null;
    }

    /** Fails {@code times} dispatches of commands of {@code type}, then lets them through. */
    void failTransiently(Class<?> type, int times) {
        int[] left = {times};
        failures.add(command -> type.isInstance(command) && left[0]-- > 0
                ? new IllegalStateException("connection reset while handling " + type.getSimpleName())
                : null);
    }

    static OrderPlaced placed() {
        return new OrderPlaced(ORDER, "customer-7", List.of(new OrderLine(DESK, 2), new OrderLine(LAMP, 1)), TOKEN);
    }

    static StockReserved reserved(String sku) {
        return sku.equals(DESK)
                ? new StockReserved(DESK, ORDER, 2, DESK_PRICE, 8)
                : new StockReserved(LAMP, ORDER, 1, LAMP_PRICE, 4);
    }

    static PaymentAuthorized authorized() {
        return new PaymentAuthorized(PAYMENT, ORDER, TOTAL, "sim-" + PAYMENT);
    }

    static ReleaseStock release(String sku, String reason) {
        return new ReleaseStock(sku, ORDER, reason);
    }

    static final String OUT_OF_STOCK_REASON = "SKU LAMP-BRASS out of stock: 1 requested, 0 available";
    static final String TIMEOUT_REASON = "no answer from the payment provider within 30 s";
    static final String DECLINE_REASON = "payment declined: card declined: insufficient funds";

    @Nested
    class HappyPath {

        @Test
        void startsOnOrderPlacedAssociatedOnTheOrderIdOnlyAndReservesEveryLine() throws Exception {
            fixture.givenNoPriorActivity()
                   .whenPublishingA(placed())
                   .expectActiveSagas(1)
                   .expectAssociationWith(OrderFulfilmentSaga.ASSOCIATION, ORDER)
                   .expectNoAssociationWith("paymentId", PAYMENT)
                   .expectNoAssociationWith("sku", DESK)
                   .expectNoAssociationWith("customerId", "customer-7")
                   .expectDispatchedCommands(new ReserveStock(DESK, ORDER, 2), new ReserveStock(LAMP, ORDER, 1))
                   .expectNoScheduledDeadlines();
        }

        @Test
        void waitsUntilEveryLineIsReservedBeforeAskingForPayment() throws Exception {
            fixture.givenAPublished(placed())
                   .whenPublishingA(reserved(DESK))
                   .expectNoDispatchedCommands()
                   .expectNoScheduledDeadlines();
        }

        @Test
        void authorizesTheSumOfTheReservedPricesOnceEveryLineIsReservedAndStartsThePaymentDeadline() throws Exception {
            fixture.givenAPublished(placed())
                   .andThenAPublished(reserved(DESK))
                   .whenPublishingA(reserved(LAMP))
                   .expectDispatchedCommands(new AuthorizePayment(PAYMENT, ORDER, TOTAL, TOKEN))
                   .expectScheduledDeadlineWithName(PAYMENT_TIMEOUT, PAYMENT_DEADLINE)
                   .expectActiveSagas(1);
        }

        @Test
        void confirmsAndCommitsEveryLineWhenThePaymentIsAuthorizedThenEnds() throws Exception {
            fixture.givenAPublished(placed())
                   .andThenAPublished(reserved(DESK))
                   .andThenAPublished(reserved(LAMP))
                   .whenPublishingA(authorized())
                   .expectDispatchedCommands(
                           new ConfirmOrder(ORDER, PAYMENT, "stock reserved and payment authorized (" + TOTAL + ")"),
                           new CommitReservation(DESK, ORDER),
                           new CommitReservation(LAMP, ORDER))
                   .expectNoScheduledDeadlines()
                   .expectActiveSagas(0)
                   .expectNoAssociationWith(OrderFulfilmentSaga.ASSOCIATION, ORDER);
        }

        @Test
        void doesNotTimeOutWhileThePaymentDeadlineHasNotPassed() throws Exception {
            fixture.givenAPublished(placed())
                   .andThenAPublished(reserved(DESK))
                   .andThenAPublished(reserved(LAMP))
                   .whenTimeElapses(PAYMENT_TIMEOUT.minusSeconds(1))
                   .expectNoDispatchedCommands()
                   .expectScheduledDeadlineWithName(Duration.ofSeconds(1), PAYMENT_DEADLINE);
        }
    }

    @Nested
    class ReservationCompensations {

        @Test
        void rejectsTheOrderAsOutOfStockNamingTheSkuAndReleasesTheLinesAlreadyReserved() throws Exception {
            fixture.givenAPublished(placed())
                   .andThenAPublished(reserved(DESK))
                   .whenPublishingA(new StockReservationRejected(LAMP, ORDER, 1, 0, "only 0 available"))
                   .expectDispatchedCommands(
                           new RejectOrder(ORDER, RejectionCause.OUT_OF_STOCK, OUT_OF_STOCK_REASON),
                           release(DESK, "order rejected: " + OUT_OF_STOCK_REASON))
                   .expectNoScheduledDeadlines()
                   .expectActiveSagas(0);
        }

        @Test
        void keepsWaitingForAReservationStillInFlightWhenTheOrderIsRejected() throws Exception {
            fixture.givenAPublished(placed())
                   .whenPublishingA(new StockReservationRejected(LAMP, ORDER, 1, 0, "only 0 available"))
                   .expectDispatchedCommands(new RejectOrder(ORDER, RejectionCause.OUT_OF_STOCK, OUT_OF_STOCK_REASON))
                   .expectActiveSagas(1)
                   .expectScheduledDeadlineWithName(LATE_ANSWER_WINDOW, LATE_ANSWER_DEADLINE);
        }

        @Test
        void releasesAReservationThatArrivesAfterTheOrderWasRejectedThenEnds() throws Exception {
            fixture.givenAPublished(placed())
                   .andThenAPublished(new StockReservationRejected(LAMP, ORDER, 1, 0, "only 0 available"))
                   .whenPublishingA(reserved(DESK))
                   .expectDispatchedCommands(release(DESK, "order rejected: " + OUT_OF_STOCK_REASON))
                   .expectNoScheduledDeadlines()
                   .expectActiveSagas(0);
        }

        @Test
        void rejectsAnUnknownSkuAsUnknownProductNamingIt() throws Exception {
            failures.add(command -> command instanceof ReserveStock reserve && reserve.sku().equals("GHOST-9")
                    ? new AggregateNotFoundException("GHOST-9", "no events for GHOST-9") : null);
            OrderPlaced withUnknownSku = new OrderPlaced(ORDER, "customer-7",
                    List.of(new OrderLine(DESK, 2), new OrderLine("GHOST-9", 3), new OrderLine(LAMP, 1)), TOKEN);
            String reason = "unknown product: SKU GHOST-9 (3 requested) is not in the catalogue";

            fixture.givenNoPriorActivity()
                   .whenPublishingA(withUnknownSku)
                   .expectDispatchedCommands(
                           new ReserveStock(DESK, ORDER, 2),
                           new ReserveStock("GHOST-9", ORDER, 3),
                           new RejectOrder(ORDER, RejectionCause.UNKNOWN_PRODUCT, reason))
                   // the desk's reservation is still to arrive, and is released when it does
                   .expectActiveSagas(1);
        }

        @Test
        void rejectsTheOrderWhenAReservationCannotBeDeliveredWithinItsRetries() throws Exception {
            failTransiently(ReserveStock.class, MAX_ATTEMPTS);

            fixture.givenNoPriorActivity()
                   .whenPublishingA(placed())
                   .expectDispatchedCommands(
                           new ReserveStock(DESK, ORDER, 2),
                           new ReserveStock(DESK, ORDER, 2),
                           new ReserveStock(DESK, ORDER, 2),
                           new RejectOrder(ORDER, RejectionCause.OTHER,
                                   "SKU DESK-OAK could not be reserved: inventory gave no decision within 3 attempts"))
                   .expectActiveSagas(1)
                   .expectScheduledDeadlineWithName(LATE_ANSWER_WINDOW, LATE_ANSWER_DEADLINE);
        }
    }

    @Nested
    class PaymentCompensations {

        @Test
        void releasesEveryLineAndRejectsWithTheProvidersReasonWhenThePaymentIsDeclined() throws Exception {
            fixture.givenAPublished(placed())
                   .andThenAPublished(reserved(DESK))
                   .andThenAPublished(reserved(LAMP))
                   .whenPublishingA(new PaymentDeclined(PAYMENT, ORDER, "card declined: insufficient funds"))
                   .expectDispatchedCommands(
                           new RejectOrder(ORDER, RejectionCause.PAYMENT_DECLINED, DECLINE_REASON),
                           release(DESK, "order rejected: " + DECLINE_REASON),
                           release(LAMP, "order rejected: " + DECLINE_REASON))
                   .expectNoScheduledDeadlines()
                   .expectActiveSagas(0);
        }

        @Test
        void releasesEveryLineAndRejectsAsTimedOutWhenThePaymentDoesNotAnswerByItsDeadline() throws Exception {
            fixture.givenAPublished(placed())
                   .andThenAPublished(reserved(DESK))
                   .andThenAPublished(reserved(LAMP))
                   .whenTimeElapses(PAYMENT_TIMEOUT)
                   .expectTriggeredDeadlinesWithName(PAYMENT_DEADLINE)
                   .expectDispatchedCommands(
                           new RejectOrder(ORDER, RejectionCause.PAYMENT_TIMEOUT, TIMEOUT_REASON),
                           release(DESK, "order rejected: " + TIMEOUT_REASON),
                           release(LAMP, "order rejected: " + TIMEOUT_REASON))
                   // it stays to refund an authorization that may still come, for the late-answer window
                   .expectActiveSagas(1)
                   .expectScheduledDeadlineWithName(LATE_ANSWER_WINDOW, LATE_ANSWER_DEADLINE);
        }

        @Test
        void refundsInFullAnAuthorizationThatArrivesAfterThePaymentDeadline() throws Exception {
            fixture.givenAPublished(placed())
                   .andThenAPublished(reserved(DESK))
                   .andThenAPublished(reserved(LAMP))
                   .andThenTimeElapses(PAYMENT_TIMEOUT)
                   .whenPublishingA(authorized())
                   .expectDispatchedCommands(new RefundPayment(PAYMENT, OrderFulfilmentSaga.refundIdFor(ORDER), TOTAL,
                           "order rejected: " + TIMEOUT_REASON))
                   .expectNoScheduledDeadlines()
                   .expectActiveSagas(0);
        }

        @Test
        void endsWithoutACommandWhenADeclineArrivesAfterThePaymentDeadline() throws Exception {
            fixture.givenAPublished(placed())
                   .andThenAPublished(reserved(DESK))
                   .andThenAPublished(reserved(LAMP))
                   .andThenTimeElapses(PAYMENT_TIMEOUT)
                   .whenPublishingA(new PaymentDeclined(PAYMENT, ORDER, "too late anyway"))
                   .expectNoDispatchedCommands()
                   .expectNoScheduledDeadlines()
                   .expectActiveSagas(0);
        }

        @Test
        void stopsWaitingForALateAnswerWhenTheLateAnswerWindowCloses() throws Exception {
            fixture.givenAPublished(placed())
                   .andThenAPublished(reserved(DESK))
                   .andThenAPublished(reserved(LAMP))
                   .andThenTimeElapses(PAYMENT_TIMEOUT)
                   .whenTimeElapses(LATE_ANSWER_WINDOW)
                   // the fixture lists every deadline met so far, the payment deadline of the given phase first
                   .expectTriggeredDeadlinesWithName(PAYMENT_DEADLINE, LATE_ANSWER_DEADLINE)
                   .expectNoDispatchedCommands()
                   .expectActiveSagas(0);
        }
    }

    @Nested
    class CustomerCancel {

        static final String CANCELLED = "order cancelled: changed my mind";

        @Test
        void releasesWhatWasReservedWhenTheCustomerCancelsWhileStockIsBeingReserved() throws Exception {
            fixture.givenAPublished(placed())
                   .andThenAPublished(reserved(DESK))
                   .whenPublishingA(new OrderCancelled(ORDER, "changed my mind"))
                   .expectDispatchedCommands(release(DESK, CANCELLED))
                   .expectActiveSagas(1)
                   .expectScheduledDeadlineWithName(LATE_ANSWER_WINDOW, LATE_ANSWER_DEADLINE);
        }

        @Test
        void releasesEveryLineAndStopsThePaymentDeadlineWhenTheCustomerCancelsWhileWaitingForPayment() throws Exception {
            fixture.givenAPublished(placed())
                   .andThenAPublished(reserved(DESK))
                   .andThenAPublished(reserved(LAMP))
                   .whenPublishingA(new OrderCancelled(ORDER, "changed my mind"))
                   .expectDispatchedCommands(release(DESK, CANCELLED), release(LAMP, CANCELLED))
                   .expectNoScheduledDeadlineWithName(PAYMENT_TIMEOUT, PAYMENT_DEADLINE)
                   .expectScheduledDeadlineWithName(LATE_ANSWER_WINDOW, LATE_ANSWER_DEADLINE)
                   .expectActiveSagas(1);
        }

        @Test
        void refundsAnAuthorizationThatArrivesAfterTheCustomerCancelled() throws Exception {
            fixture.givenAPublished(placed())
                   .andThenAPublished(reserved(DESK))
                   .andThenAPublished(reserved(LAMP))
                   .andThenAPublished(new OrderCancelled(ORDER, "changed my mind"))
                   .whenPublishingA(authorized())
                   .expectDispatchedCommands(
                           new RefundPayment(PAYMENT, OrderFulfilmentSaga.refundIdFor(ORDER), TOTAL, CANCELLED))
                   .expectNoScheduledDeadlines()
                   .expectActiveSagas(0);
        }

        @Test
        void takesARefusedConfirmationAsTheOutcomeAndWaitsForTheCancelToCompensate() throws Exception {
            failures.add(command -> command instanceof ConfirmOrder
                    ? CommandRefusedException.conflict("illegal-order-transition",
                    "order " + ORDER + " is CANCELLED and cannot be confirmed")
                    : null);

            fixture.givenAPublished(placed())
                   .andThenAPublished(reserved(DESK))
                   .andThenAPublished(reserved(LAMP))
                   .whenPublishingA(authorized())
                   .expectDispatchedCommands(
                           new ConfirmOrder(ORDER, PAYMENT, "stock reserved and payment authorized (" + TOTAL + ")"))
                   .expectNoScheduledDeadlines()
                   .expectActiveSagas(1);
        }

        @Test
        void releasesAndRefundsWhenTheCancelThatWonTheRaceWithConfirmationArrives() throws Exception {
            failures.add(command -> command instanceof ConfirmOrder
                    ? CommandRefusedException.conflict("illegal-order-transition", "order is CANCELLED")
                    : null);

            fixture.givenAPublished(placed())
                   .andThenAPublished(reserved(DESK))
                   .andThenAPublished(reserved(LAMP))
                   .andThenAPublished(authorized())
                   .whenPublishingA(new OrderCancelled(ORDER, "changed my mind"))
                   .expectDispatchedCommands(
                           release(DESK, CANCELLED),
                           release(LAMP, CANCELLED),
                           new RefundPayment(PAYMENT, OrderFulfilmentSaga.refundIdFor(ORDER), TOTAL, CANCELLED))
                   .expectActiveSagas(0);
        }

        @Test
        void compensatesAnOrderRejectedElsewhereLikeACancel() throws Exception {
            fixture.givenAPublished(placed())
                   .andThenAPublished(reserved(DESK))
                   .andThenAPublished(reserved(LAMP))
                   .whenPublishingA(new OrderRejected(ORDER, RejectionCause.OTHER, "fraud suspected"))
                   .expectDispatchedCommands(release(DESK, "order rejected: fraud suspected"),
                           release(LAMP, "order rejected: fraud suspected"))
                   .expectActiveSagas(1);
        }
    }

    @Nested
    class RepeatsAndRetries {

        @Test
        void aDuplicateReservationEventChangesNothing() throws Exception {
            fixture.givenAPublished(placed())
                   .andThenAPublished(reserved(DESK))
                   .whenPublishingA(reserved(DESK))
                   .expectNoDispatchedCommands()
                   .expectNoScheduledDeadlines()
                   .expectActiveSagas(1);
        }

        @Test
        void aDuplicateOrderPlacedNeitherStartsASecondSagaNorReservesAgain() throws Exception {
            fixture.givenAPublished(placed())
                   .whenPublishingA(placed())
                   .expectNoDispatchedCommands()
                   .expectActiveSagas(1);
        }

        @Test
        void aDuplicateAuthorizationWhileConfirmationWasRefusedChangesNothing() throws Exception {
            failures.add(command -> command instanceof ConfirmOrder
                    ? CommandRefusedException.conflict("illegal-order-transition", "order is CANCELLED")
                    : null);

            fixture.givenAPublished(placed())
                   .andThenAPublished(reserved(DESK))
                   .andThenAPublished(reserved(LAMP))
                   .andThenAPublished(authorized())
                   .whenPublishingA(authorized())
                   .expectNoDispatchedCommands()
                   .expectActiveSagas(1);
        }

        @Test
        void retriesACompensationThatFailsTransientlyUntilItIsDone() throws Exception {
            failTransiently(ReleaseStock.class, MAX_ATTEMPTS - 1);

            fixture.givenAPublished(placed())
                   .andThenAPublished(reserved(DESK))
                   .andThenAPublished(reserved(LAMP))
                   .whenPublishingA(new PaymentDeclined(PAYMENT, ORDER, "card declined: insufficient funds"))
                   .expectDispatchedCommands(
                           new RejectOrder(ORDER, RejectionCause.PAYMENT_DECLINED, DECLINE_REASON),
                           release(DESK, "order rejected: " + DECLINE_REASON),
                           release(DESK, "order rejected: " + DECLINE_REASON),
                           release(DESK, "order rejected: " + DECLINE_REASON),
                           release(LAMP, "order rejected: " + DECLINE_REASON))
                   .expectActiveSagas(0);
        }

        @Test
        void failsTheHandlerSoTheEventComesBackWhenACompensationIsStillUndeliveredAfterItsRetries() throws Exception {
            failTransiently(ReleaseStock.class, Integer.MAX_VALUE);

            assertThatThrownBy(() -> fixture.givenAPublished(placed())
                                            .andThenAPublished(reserved(DESK))
                                            .andThenAPublished(reserved(LAMP))
                                            .whenPublishingA(new PaymentDeclined(PAYMENT, ORDER, "declined")))
                    .hasStackTraceContaining(CommandNotDeliveredException.class.getName())
                    .hasStackTraceContaining("ReleaseStock for order " + ORDER + " not delivered after 3 attempts");
            assertThat(fixture.getCommandBus().getDispatchedCommands())
                    .filteredOn(command -> command.getPayload() instanceof RejectOrder)
                    .as("the order is rejected first, once (decision 0019)")
                    .hasSize(1);
        }

        @Test
        void treatsAPermanentRefusalOfACompensationAsItsOutcome() throws Exception {
            failures.add(command -> command instanceof ReleaseStock release && release.sku().equals(DESK)
                    ? CommandRefusedException.conflict("reservation-already-committed", "already sold")
                    : null);

            fixture.givenAPublished(placed())
                   .andThenAPublished(reserved(DESK))
                   .andThenAPublished(reserved(LAMP))
                   .whenPublishingA(new PaymentDeclined(PAYMENT, ORDER, "card declined: insufficient funds"))
                   .expectDispatchedCommands(
                           new RejectOrder(ORDER, RejectionCause.PAYMENT_DECLINED, DECLINE_REASON),
                           release(DESK, "order rejected: " + DECLINE_REASON),
                           release(LAMP, "order rejected: " + DECLINE_REASON))
                   .expectActiveSagas(0);
        }

        @Test
        void releasesNothingWhileTheRejectionItselfCannotBeDelivered() throws Exception {
            failTransiently(RejectOrder.class, Integer.MAX_VALUE);

            assertThatThrownBy(() -> fixture.givenAPublished(placed())
                                            .andThenAPublished(reserved(DESK))
                                            .andThenAPublished(reserved(LAMP))
                                            .whenPublishingA(new PaymentDeclined(PAYMENT, ORDER, "declined")))
                    .hasStackTraceContaining(CommandNotDeliveredException.class.getName())
                    .hasStackTraceContaining("RejectOrder for order " + ORDER + " not delivered after 3 attempts");
            assertThat(fixture.getCommandBus().getDispatchedCommands())
                    .filteredOn(command -> command.getPayload() instanceof ReleaseStock)
                    .as("nothing is released before the order is rejected: the retried event finds the stock as the"
                            + " saga's rolled-back state says")
                    .isEmpty();
        }

        @Test
        void confirmsAndCommitsWhenTheOrderServiceIsBackAfterAPaymentDeadlineItsRejectionCouldNotReach()
                throws Exception {
            // The order service is down: the authorization's ConfirmOrder failed (its event will come back; in
            // production the saga's state is rolled back with it, so it is not given here), then the payment
            // deadline passes and its RejectOrder cannot be delivered either. That must not have released anything.
            failTransiently(RejectOrder.class, MAX_ATTEMPTS);
            fixture.givenAPublished(placed())
                   .andThenAPublished(reserved(DESK))
                   .andThenAPublished(reserved(LAMP));
            assertThatThrownBy(() -> fixture.whenTimeElapses(PAYMENT_TIMEOUT))
                    .hasStackTraceContaining("RejectOrder for order " + ORDER + " not delivered after 3 attempts");
            assertThat(fixture.getCommandBus().getDispatchedCommands())
                    .filteredOn(command -> command.getPayload() instanceof ReleaseStock)
                    .isEmpty();

            // The order service is back; the authorization's event is handled again before the deadline and wins.
            fixture.whenPublishingA(authorized())
                   .expectDispatchedCommands(
                           new ConfirmOrder(ORDER, PAYMENT, "stock reserved and payment authorized (" + TOTAL + ")"),
                           new CommitReservation(DESK, ORDER),
                           new CommitReservation(LAMP, ORDER))
                   .expectActiveSagas(0);
        }
    }
}
