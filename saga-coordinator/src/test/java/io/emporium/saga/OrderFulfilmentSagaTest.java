package io.emporium.saga;

import static io.emporium.saga.OrderFulfilmentSaga.COMMAND_FAILED;
import static io.emporium.saga.OrderFulfilmentSaga.LATE_ANSWER_DEADLINE;
import static io.emporium.saga.OrderFulfilmentSaga.PAYMENT_DEADLINE;
import static io.emporium.saga.OrderFulfilmentSaga.WATCHDOG;
import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.messages.common.CommandRefusedException;
import io.emporium.messages.common.Identifiers;
import io.emporium.messages.common.Money;
import io.emporium.messages.inventory.CommitReservation;
import io.emporium.messages.inventory.ReleaseStock;
import io.emporium.messages.inventory.ReservationClosed;
import io.emporium.messages.inventory.ReservationCommitted;
import io.emporium.messages.inventory.ReserveStock;
import io.emporium.messages.inventory.StockReleased;
import io.emporium.messages.inventory.StockReservationRejected;
import io.emporium.messages.inventory.StockReserved;
import io.emporium.messages.order.ConfirmOrder;
import io.emporium.messages.order.OrderCancelled;
import io.emporium.messages.order.OrderConfirmed;
import io.emporium.messages.order.OrderLine;
import io.emporium.messages.order.OrderPlaced;
import io.emporium.messages.order.OrderRejected;
import io.emporium.messages.order.RejectOrder;
import io.emporium.messages.order.RejectionCause;
import io.emporium.messages.payment.AuthorizePayment;
import io.emporium.messages.payment.PaymentAuthorized;
import io.emporium.messages.payment.PaymentDeclined;
import io.emporium.messages.payment.PaymentRefunded;
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
 * bus, which answers as each test tells it to; the saga never waits for that answer (decision 0032): a command
 * decided in favour answers with the event its target applies, which the test publishes, and any other outcome
 * comes back as the saga's {@code command-failed} deadline, due at once, which the test meets by letting no time
 * elapse.
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

    /** Not a multiple of the payment timeout, so that each test meets the deadline it names. */
    static final Duration RESEND_INTERVAL = Duration.ofSeconds(45);

    static final SagaProperties SETTINGS = new SagaProperties(PAYMENT_TIMEOUT, LATE_ANSWER_WINDOW, RESEND_INTERVAL,
            new SagaProperties.Retry(MAX_ATTEMPTS, Duration.ofMillis(1), 2.0, 0.5, Duration.ofMillis(4),
                    Duration.ofSeconds(5)), new SagaProperties.Commands(2, 10), new SagaProperties.Processor(2, 2, 8));

    SagaTestFixture<OrderFulfilmentSaga> fixture;
    /** Each stub may throw for a command; a command no stub throws for succeeds. */
    final List<Function<Object, RuntimeException>> failures = new ArrayList<>();

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(OrderFulfilmentSaga.class);
        DefaultCommandGateway gateway = DefaultCommandGateway.builder().commandBus(fixture.getCommandBus()).build();
        // Remembering nothing of what it delivered, as after a restart: the watchdog's resends are what a crash needs.
        fixture.registerResource(new CommandDelivery(gateway, SETTINGS.retry(), Runnable::run, Duration.ZERO,
                java.time.Clock.systemUTC()));
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
        return new OrderPlaced(ORDER, "customer-7", List.of(new OrderLine(DESK, 2), new OrderLine(LAMP, 1)), TOKEN, Identifiers.paymentIdFor(ORDER));
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

    static StockReleased released(String sku) {
        return new StockReleased(sku, ORDER, sku.equals(DESK) ? 2 : 1, "released", 10);
    }

    static ReservationCommitted committed(String sku) {
        return new ReservationCommitted(sku, ORDER, sku.equals(DESK) ? 2 : 1, 8);
    }

    static OrderConfirmed confirmedEvent() {
        return new OrderConfirmed(ORDER, PAYMENT, "stock reserved and payment authorized (" + TOTAL + ")");
    }

    static ConfirmOrder confirmOrder() {
        return new ConfirmOrder(ORDER, PAYMENT, "stock reserved and payment authorized (" + TOTAL + ")");
    }

    static OrderRejected rejectedEvent(RejectionCause cause, String reason) {
        return new OrderRejected(ORDER, cause, reason);
    }

    static RefundPayment refund(String reason) {
        return new RefundPayment(PAYMENT, OrderFulfilmentSaga.refundIdFor(ORDER), TOTAL, reason);
    }

    static PaymentRefunded refundedEvent() {
        return new PaymentRefunded(PAYMENT, ORDER, OrderFulfilmentSaga.refundIdFor(ORDER), TOTAL, TOTAL, "refunded");
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
                   .expectScheduledDeadlineWithName(RESEND_INTERVAL, WATCHDOG);
        }

        @Test
        void waitsUntilEveryLineIsReservedBeforeAskingForPayment() throws Exception {
            fixture.givenAPublished(placed())
                   .whenPublishingA(reserved(DESK))
                   .expectNoDispatchedCommands()
                   .expectNoScheduledDeadlineWithName(PAYMENT_TIMEOUT, PAYMENT_DEADLINE);
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
        void confirmsTheOrderWhenThePaymentIsAuthorized() throws Exception {
            fixture.givenAPublished(placed())
                   .andThenAPublished(reserved(DESK))
                   .andThenAPublished(reserved(LAMP))
                   .whenPublishingA(authorized())
                   .expectDispatchedCommands(confirmOrder())
                   .expectNoScheduledDeadlineWithName(PAYMENT_TIMEOUT, PAYMENT_DEADLINE)
                   .expectActiveSagas(1);
        }

        @Test
        void commitsEveryLineOnceTheOrderIsConfirmed() throws Exception {
            fixture.givenAPublished(placed())
                   .andThenAPublished(reserved(DESK))
                   .andThenAPublished(reserved(LAMP))
                   .andThenAPublished(authorized())
                   .whenPublishingA(confirmedEvent())
                   .expectDispatchedCommands(new CommitReservation(DESK, ORDER), new CommitReservation(LAMP, ORDER))
                   .expectActiveSagas(1);
        }

        @Test
        void endsWhenEveryCommitHasArrived() throws Exception {
            fixture.givenAPublished(placed())
                   .andThenAPublished(reserved(DESK))
                   .andThenAPublished(reserved(LAMP))
                   .andThenAPublished(authorized())
                   .andThenAPublished(confirmedEvent())
                   .andThenAPublished(committed(DESK))
                   .whenPublishingA(committed(LAMP))
                   .expectNoDispatchedCommands()
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
        void rejectsTheOrderAsOutOfStockNamingTheSkuAndReleasesNothingBeforeTheOrderIsRejected() throws Exception {
            fixture.givenAPublished(placed())
                   .andThenAPublished(reserved(DESK))
                   .whenPublishingA(new StockReservationRejected(LAMP, ORDER, 1, 0, "only 0 available"))
                   .expectDispatchedCommands(new RejectOrder(ORDER, RejectionCause.OUT_OF_STOCK, OUT_OF_STOCK_REASON))
                   .expectActiveSagas(1);
        }

        @Test
        void releasesTheLinesAlreadyReservedOnceTheOrderIsRejectedAndEndsWhenTheyAreReleased() throws Exception {
            fixture.givenAPublished(placed())
                   .andThenAPublished(reserved(DESK))
                   .andThenAPublished(new StockReservationRejected(LAMP, ORDER, 1, 0, "only 0 available"))
                   .whenPublishingA(rejectedEvent(RejectionCause.OUT_OF_STOCK, OUT_OF_STOCK_REASON))
                   .expectDispatchedCommands(release(DESK, "order rejected: " + OUT_OF_STOCK_REASON))
                   .expectActiveSagas(1);

            fixture.whenPublishingA(released(DESK))
                   .expectNoDispatchedCommands()
                   .expectNoScheduledDeadlines()
                   .expectActiveSagas(0);
        }

        @Test
        void releasesALineStillUnansweredWhenTheOrderIsRejected() throws Exception {
            // Decision 0045: the desk's ReserveStock is still on its way; its release either gives the units back or,
            // reaching the item first, closes the order there so that the reserve sets nothing aside.
            fixture.givenAPublished(placed())
                   .andThenAPublished(new StockReservationRejected(LAMP, ORDER, 1, 0, "only 0 available"))
                   .whenPublishingA(rejectedEvent(RejectionCause.OUT_OF_STOCK, OUT_OF_STOCK_REASON))
                   .expectDispatchedCommands(release(DESK, "order rejected: " + OUT_OF_STOCK_REASON))
                   .expectActiveSagas(1)
                   .expectScheduledDeadlineWithName(LATE_ANSWER_WINDOW, LATE_ANSWER_DEADLINE);
        }

        @Test
        void endsWhenTheItemClosesALineReleasedBeforeItsReservation() throws Exception {
            fixture.givenAPublished(placed())
                   .andThenAPublished(new StockReservationRejected(LAMP, ORDER, 1, 0, "only 0 available"))
                   .andThenAPublished(rejectedEvent(RejectionCause.OUT_OF_STOCK, OUT_OF_STOCK_REASON))
                   .whenPublishingA(new ReservationClosed(DESK, ORDER, "order rejected: " + OUT_OF_STOCK_REASON))
                   .expectNoDispatchedCommands()
                   .expectNoScheduledDeadlines()
                   .expectActiveSagas(0);
        }

        @Test
        void aReservationArrivingAfterTheRejectionIsGivenBackByTheReleaseAlreadySent() throws Exception {
            fixture.givenAPublished(placed())
                   .andThenAPublished(new StockReservationRejected(LAMP, ORDER, 1, 0, "only 0 available"))
                   .andThenAPublished(rejectedEvent(RejectionCause.OUT_OF_STOCK, OUT_OF_STOCK_REASON))
                   .whenPublishingA(reserved(DESK))
                   .expectNoDispatchedCommands()
                   .expectActiveSagas(1);

            fixture.whenPublishingA(released(DESK))
                   .expectNoDispatchedCommands()
                   .expectActiveSagas(0);
        }

        @Test
        void aRefusalArrivingForALineBeingReleasedIsTheReleasesOutcome() throws Exception {
            // The item refused the desk before the release reached it; the release then finds a refusal and emits
            // nothing (decision 0041), so the refusal is all the saga hears.
            fixture.givenAPublished(placed())
                   .andThenAPublished(new StockReservationRejected(LAMP, ORDER, 1, 0, "only 0 available"))
                   .andThenAPublished(rejectedEvent(RejectionCause.OUT_OF_STOCK, OUT_OF_STOCK_REASON))
                   .whenPublishingA(new StockReservationRejected(DESK, ORDER, 2, 0, "only 0 available"))
                   .expectNoDispatchedCommands()
                   .expectNoScheduledDeadlines()
                   .expectActiveSagas(0);
        }

        @Test
        void releasesAReservationMadeByACommandSentAgainAfterTheLineWasRefused() throws Exception {
            // The first ReserveStock for the lamp was refused; a resend found stock and reserved it (issue 13).
            fixture.givenAPublished(placed())
                   .andThenAPublished(new StockReservationRejected(LAMP, ORDER, 1, 0, "only 0 available"))
                   .andThenAPublished(rejectedEvent(RejectionCause.OUT_OF_STOCK, OUT_OF_STOCK_REASON))
                   .andThenAPublished(reserved(DESK))
                   .whenPublishingA(reserved(LAMP))
                   .expectDispatchedCommands(release(LAMP, "order rejected: " + OUT_OF_STOCK_REASON));
        }

        @Test
        void rejectsAnUnknownSkuAsUnknownProductNamingIt() throws Exception {
            failures.add(command -> command instanceof ReserveStock reserve && reserve.sku().equals("GHOST-9")
                    ? new AggregateNotFoundException("GHOST-9", "no events for GHOST-9") : null);
            OrderPlaced withUnknownSku = new OrderPlaced(ORDER, "customer-7",
                    List.of(new OrderLine(DESK, 2), new OrderLine("GHOST-9", 3), new OrderLine(LAMP, 1)), TOKEN, Identifiers.paymentIdFor(ORDER));
            String reason = "unknown product: SKU GHOST-9 (3 requested) is not in the catalogue";

            fixture.givenAPublished(withUnknownSku)
                   .whenTimeElapses(Duration.ZERO)
                   .expectTriggeredDeadlinesWithName(COMMAND_FAILED)
                   .expectDispatchedCommands(new RejectOrder(ORDER, RejectionCause.UNKNOWN_PRODUCT, reason))
                   // the desk's and the lamp's reservations are still to arrive; both are released once the order is
                   // rejected (decision 0045)
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
                           new ReserveStock(LAMP, ORDER, 1));
            fixture.whenTimeElapses(Duration.ZERO)
                   .expectDispatchedCommands(new RejectOrder(ORDER, RejectionCause.OTHER,
                           "SKU DESK-OAK could not be reserved: inventory gave no decision within 3 attempts"))
                   .expectActiveSagas(1);
        }
    }

    @Nested
    class PaymentCompensations {

        @Test
        void rejectsWithTheProvidersReasonWhenThePaymentIsDeclinedThenReleasesEveryLine() throws Exception {
            fixture.givenAPublished(placed())
                   .andThenAPublished(reserved(DESK))
                   .andThenAPublished(reserved(LAMP))
                   .whenPublishingA(new PaymentDeclined(PAYMENT, ORDER, "card declined: insufficient funds"))
                   .expectDispatchedCommands(new RejectOrder(ORDER, RejectionCause.PAYMENT_DECLINED, DECLINE_REASON))
                   .expectNoScheduledDeadlineWithName(PAYMENT_TIMEOUT, PAYMENT_DEADLINE);

            fixture.whenPublishingA(rejectedEvent(RejectionCause.PAYMENT_DECLINED, DECLINE_REASON))
                   .expectDispatchedCommands(
                           release(DESK, "order rejected: " + DECLINE_REASON),
                           release(LAMP, "order rejected: " + DECLINE_REASON));
        }

        @Test
        void endsOnceEveryLineOfARejectedOrderIsReleased() throws Exception {
            fixture.givenAPublished(placed())
                   .andThenAPublished(reserved(DESK))
                   .andThenAPublished(reserved(LAMP))
                   .andThenAPublished(new PaymentDeclined(PAYMENT, ORDER, "card declined: insufficient funds"))
                   .andThenAPublished(rejectedEvent(RejectionCause.PAYMENT_DECLINED, DECLINE_REASON))
                   .andThenAPublished(released(DESK))
                   .whenPublishingA(released(LAMP))
                   .expectNoDispatchedCommands()
                   .expectNoScheduledDeadlines()
                   .expectActiveSagas(0);
        }

        @Test
        void rejectsAsTimedOutWhenThePaymentDoesNotAnswerByItsDeadlineThenReleasesEveryLine() throws Exception {
            fixture.givenAPublished(placed())
                   .andThenAPublished(reserved(DESK))
                   .andThenAPublished(reserved(LAMP))
                   .whenTimeElapses(PAYMENT_TIMEOUT)
                   .expectTriggeredDeadlinesWithName(PAYMENT_DEADLINE)
                   .expectDispatchedCommands(new RejectOrder(ORDER, RejectionCause.PAYMENT_TIMEOUT, TIMEOUT_REASON));

            fixture.whenPublishingA(rejectedEvent(RejectionCause.PAYMENT_TIMEOUT, TIMEOUT_REASON))
                   .expectDispatchedCommands(
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
                   .andThenAPublished(rejectedEvent(RejectionCause.PAYMENT_TIMEOUT, TIMEOUT_REASON))
                   .andThenAPublished(released(DESK))
                   .andThenAPublished(released(LAMP))
                   .whenPublishingA(authorized())
                   .expectDispatchedCommands(refund("order rejected: " + TIMEOUT_REASON))
                   .expectActiveSagas(1);

            fixture.whenPublishingA(refundedEvent())
                   .expectNoDispatchedCommands()
                   .expectNoScheduledDeadlines()
                   .expectActiveSagas(0);
        }

        @Test
        void refundsAnAuthorizationThatArrivesWhileItsRejectionIsPendingOnceTheOrderIsRejected() throws Exception {
            fixture.givenAPublished(placed())
                   .andThenAPublished(reserved(DESK))
                   .andThenAPublished(reserved(LAMP))
                   .andThenTimeElapses(PAYMENT_TIMEOUT)
                   .whenPublishingA(authorized())
                   .expectNoDispatchedCommands();

            fixture.whenPublishingA(rejectedEvent(RejectionCause.PAYMENT_TIMEOUT, TIMEOUT_REASON))
                   .expectDispatchedCommands(
                           release(DESK, "order rejected: " + TIMEOUT_REASON),
                           release(LAMP, "order rejected: " + TIMEOUT_REASON),
                           refund("order rejected: " + TIMEOUT_REASON));
        }

        @Test
        void endsWithoutACommandWhenADeclineArrivesAfterThePaymentDeadline() throws Exception {
            fixture.givenAPublished(placed())
                   .andThenAPublished(reserved(DESK))
                   .andThenAPublished(reserved(LAMP))
                   .andThenTimeElapses(PAYMENT_TIMEOUT)
                   .andThenAPublished(rejectedEvent(RejectionCause.PAYMENT_TIMEOUT, TIMEOUT_REASON))
                   .andThenAPublished(released(DESK))
                   .andThenAPublished(released(LAMP))
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
                   .andThenAPublished(rejectedEvent(RejectionCause.PAYMENT_TIMEOUT, TIMEOUT_REASON))
                   .andThenAPublished(released(DESK))
                   .andThenAPublished(released(LAMP))
                   .whenTimeElapses(LATE_ANSWER_WINDOW)
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
                   .expectDispatchedCommands(release(DESK, CANCELLED), release(LAMP, CANCELLED))
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
                   .andThenAPublished(released(DESK))
                   .andThenAPublished(released(LAMP))
                   .whenPublishingA(authorized())
                   .expectDispatchedCommands(refund(CANCELLED))
                   .expectActiveSagas(1);
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
                   .andThenAPublished(authorized())
                   .whenTimeElapses(Duration.ZERO)
                   .expectTriggeredDeadlinesWithName(COMMAND_FAILED)
                   .expectNoDispatchedCommands()
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
                   .andThenTimeElapses(Duration.ZERO)
                   .whenPublishingA(new OrderCancelled(ORDER, "changed my mind"))
                   .expectDispatchedCommands(release(DESK, CANCELLED), release(LAMP, CANCELLED), refund(CANCELLED));

            fixture.whenPublishingA(released(DESK))
                   .expectActiveSagas(1);
            fixture.whenPublishingA(released(LAMP))
                   .expectActiveSagas(1);
            fixture.whenPublishingA(refundedEvent())
                   .expectNoScheduledDeadlines()
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
        void aDuplicateAuthorizationChangesNothing() throws Exception {
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
                   .andThenAPublished(new PaymentDeclined(PAYMENT, ORDER, "card declined: insufficient funds"))
                   .whenPublishingA(rejectedEvent(RejectionCause.PAYMENT_DECLINED, DECLINE_REASON))
                   .expectDispatchedCommands(
                           release(DESK, "order rejected: " + DECLINE_REASON),
                           release(DESK, "order rejected: " + DECLINE_REASON),
                           release(DESK, "order rejected: " + DECLINE_REASON),
                           release(LAMP, "order rejected: " + DECLINE_REASON))
                   .expectNoScheduledDeadlineWithName(Duration.ZERO, COMMAND_FAILED);
        }

        @Test
        void keepsACompensationStillUndeliveredAfterItsRetriesPendingAndSendsItAgainWhenTheWatchdogFires()
                throws Exception {
            failTransiently(ReleaseStock.class, MAX_ATTEMPTS);

            fixture.givenAPublished(placed())
                   .andThenAPublished(reserved(DESK))
                   .andThenAPublished(reserved(LAMP))
                   .andThenAPublished(new PaymentDeclined(PAYMENT, ORDER, "declined"))
                   .andThenAPublished(rejectedEvent(RejectionCause.PAYMENT_DECLINED, "payment declined: declined"))
                   .andThenAPublished(released(LAMP))
                   .andThenTimeElapses(Duration.ZERO)
                   .whenTimeElapses(RESEND_INTERVAL)
                   .expectDispatchedCommands(release(DESK, "order rejected: payment declined: declined"))
                   .expectActiveSagas(1);
        }

        @Test
        void neverEndsWithACompensationPendingEvenWhenTheLateAnswerWindowCloses() throws Exception {
            failTransiently(ReleaseStock.class, Integer.MAX_VALUE);

            fixture.givenAPublished(placed())
                   .andThenAPublished(reserved(DESK))
                   .andThenAPublished(reserved(LAMP))
                   .andThenAPublished(new PaymentDeclined(PAYMENT, ORDER, "declined"))
                   .andThenAPublished(rejectedEvent(RejectionCause.PAYMENT_DECLINED, "payment declined: declined"))
                   .whenTimeElapses(LATE_ANSWER_WINDOW.plusSeconds(1))
                   .expectActiveSagas(1);
        }

        @Test
        void treatsAPermanentRefusalOfACompensationAsItsOutcome() throws Exception {
            failures.add(command -> command instanceof ReleaseStock release && release.sku().equals(DESK)
                    ? CommandRefusedException.conflict("reservation-already-committed", "already sold")
                    : null);

            fixture.givenAPublished(placed())
                   .andThenAPublished(reserved(DESK))
                   .andThenAPublished(reserved(LAMP))
                   .andThenAPublished(new PaymentDeclined(PAYMENT, ORDER, "card declined: insufficient funds"))
                   .andThenAPublished(rejectedEvent(RejectionCause.PAYMENT_DECLINED, DECLINE_REASON))
                   .andThenAPublished(released(LAMP))
                   .whenTimeElapses(Duration.ZERO)
                   .expectTriggeredDeadlinesWithName(COMMAND_FAILED)
                   .expectNoDispatchedCommands()
                   .expectActiveSagas(0);
        }

        @Test
        void releasesNothingWhileTheRejectionItselfCannotBeDeliveredAndSendsItAgainUntilItLands() throws Exception {
            failTransiently(RejectOrder.class, MAX_ATTEMPTS);

            fixture.givenAPublished(placed())
                   .andThenAPublished(reserved(DESK))
                   .andThenAPublished(reserved(LAMP))
                   .andThenAPublished(new PaymentDeclined(PAYMENT, ORDER, "declined"))
                   .andThenTimeElapses(Duration.ZERO)
                   .whenTimeElapses(RESEND_INTERVAL)
                   .expectDispatchedCommands(new RejectOrder(ORDER, RejectionCause.PAYMENT_DECLINED,
                           "payment declined: declined"));
            assertThat(fixture.getCommandBus().getDispatchedCommands())
                    .filteredOn(command -> command.getPayload() instanceof ReleaseStock)
                    .as("nothing is released before the order is rejected (decision 0019)")
                    .isEmpty();
        }

        @Test
        void sendsAReservationLostInACrashAgainWhenTheWatchdogFires() throws Exception {
            fixture.givenAPublished(placed())
                   .andThenAPublished(reserved(DESK))
                   .whenTimeElapses(RESEND_INTERVAL)
                   .expectTriggeredDeadlinesWithName(WATCHDOG)
                   .expectDispatchedCommands(new ReserveStock(LAMP, ORDER, 1))
                   .expectScheduledDeadlineWithName(RESEND_INTERVAL, WATCHDOG);
        }

        @Test
        void sendsAConfirmationLostInACrashAgainWhenTheWatchdogFires() throws Exception {
            fixture.givenAPublished(placed())
                   .andThenAPublished(reserved(DESK))
                   .andThenAPublished(reserved(LAMP))
                   .andThenAPublished(authorized())
                   .whenTimeElapses(RESEND_INTERVAL)
                   .expectDispatchedCommands(confirmOrder());
        }

        @Test
        void rejectsAnOrderWhoseTotalOverflowsInsteadOfFailingTheEvent() throws Exception {
            Money nearTheLimit = Money.of(Long.MAX_VALUE / 2 + 1, "EUR");
            fixture.givenAPublished(placed())
                   .andThenAPublished(new StockReserved(DESK, ORDER, 2, nearTheLimit, 8))
                   .whenPublishingA(reserved(LAMP))
                   .expectDispatchedCommands(new RejectOrder(ORDER, RejectionCause.OTHER,
                           "the order's total is beyond the largest amount that can be paid"));
        }
    }
}
