package io.emporium.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emporium.messages.common.Caller;
import io.emporium.messages.common.CommandRefusedException;
import io.emporium.messages.common.Identifiers;
import io.emporium.messages.common.RefusalKind;
import io.emporium.messages.order.CancelOrder;
import io.emporium.messages.order.ConfirmOrder;
import io.emporium.messages.order.OrderCancelled;
import io.emporium.messages.order.OrderConfirmed;
import io.emporium.messages.order.OrderLine;
import io.emporium.messages.order.OrderPlaced;
import io.emporium.messages.order.OrderRejected;
import io.emporium.messages.order.OrderStatus;
import io.emporium.messages.order.PlaceOrder;
import io.emporium.messages.order.RejectOrder;
import io.emporium.messages.order.RejectionCause;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.test.AxonAssertionError;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.ResultValidator;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeDiagnosingMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OrderTest {

    private static final String ORDER_ID = "3f2b8c1e-4a5d-4e6f-9a0b-1c2d3e4f5a6b";
    private static final String PAYMENT_ID = "9c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f";
    private static final String CUSTOMER = "customer-42";
    private static final String TOKEN = "tok_approve";
    private static final List<OrderLine> LINES = List.of(new OrderLine("BOOK-1", 2), new OrderLine("PEN-7", 1));

    private static final OrderPlaced PLACED = new OrderPlaced(ORDER_ID, CUSTOMER, LINES, TOKEN, Identifiers.paymentIdFor(ORDER_ID));
    private static final OrderConfirmed CONFIRMED = new OrderConfirmed(ORDER_ID, PAYMENT_ID, "all good");
    private static final OrderRejected REJECTED =
            new OrderRejected(ORDER_ID, RejectionCause.OUT_OF_STOCK, "PEN-7 is out of stock");
    private static final OrderCancelled CANCELLED = new OrderCancelled(ORDER_ID, "changed my mind");

    private AggregateTestFixture<Order> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Order.class);
    }

    private static PlaceOrder placement() {
        return new PlaceOrder(ORDER_ID, CUSTOMER, LINES, TOKEN);
    }

    private static PlaceOrder placementWithLines(List<OrderLine> lines) {
        return new PlaceOrder(ORDER_ID, CUSTOMER, lines, TOKEN);
    }

    private static List<OrderLine> distinctLines(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> new OrderLine("SKU-" + i, 1)).toList();
    }

    private void assertPlacementRefused(PlaceOrder command, String code) {
        assertRefused(fixture.givenNoPriorActivity().when(command), RefusalKind.RULE_VIOLATED, code);
    }

    private static void assertRefused(ResultValidator<Order> result, RefusalKind kind, String code) {
        result.expectNoEvents()
              .expectException(CommandRefusedException.class)
              .expectException(refusal(kind, code));
    }

    /** Matches a {@link CommandRefusedException} of the given kind and code. */
    private static Matcher<CommandRefusedException> refusal(RefusalKind kind, String code) {
        return new TypeSafeDiagnosingMatcher<>() {
            @Override
            protected boolean matchesSafely(CommandRefusedException refused, Description mismatch) {
                mismatch.appendText("was refused as " + refused.kind() + " " + refused.code()
                        + ": " + refused.getMessage());
                return refused.kind() == kind && code.equals(refused.code());
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a " + kind + " refusal coded " + code);
            }
        };
    }

    @Nested
    class Placing {

        @Test
        void aValidOrderIsPlacedPending() {
            fixture.givenNoPriorActivity()
                   .when(placement())
                   .expectSuccessfulHandlerExecution()
                   .expectEvents(PLACED)
                   .expectState(order -> assertThat(order.status()).isEqualTo(OrderStatus.PENDING));
        }

        @Test
        void anOrderWithTheMaximumNumberOfLinesIsPlaced() {
            List<OrderLine> lines = distinctLines(PlaceOrder.MAX_LINES);
            fixture.givenNoPriorActivity()
                   .when(placementWithLines(lines))
                   .expectEvents(new OrderPlaced(ORDER_ID, CUSTOMER, lines, TOKEN, Identifiers.paymentIdFor(ORDER_ID)));
        }

        @Test
        void aLineWithTheMaximumQuantityIsPlaced() {
            List<OrderLine> lines = List.of(new OrderLine("BOOK-1", Order.MAX_QUANTITY));
            fixture.givenNoPriorActivity()
                   .when(placementWithLines(lines))
                   .expectEvents(new OrderPlaced(ORDER_ID, CUSTOMER, lines, TOKEN, Identifiers.paymentIdFor(ORDER_ID)));
        }

        @Test
        void anOrderWithoutLinesIsRefused() {
            assertPlacementRefused(placementWithLines(List.of()), "missing-order-lines");
        }

        @Test
        void anOrderWithNullLinesIsRefused() {
            assertPlacementRefused(placementWithLines(null), "missing-order-lines");
        }

        @Test
        void anOrderWithMoreThanTheMaximumNumberOfLinesIsRefused() {
            assertPlacementRefused(placementWithLines(distinctLines(PlaceOrder.MAX_LINES + 1)),
                    "too-many-order-lines");
        }

        @Test
        void anOrderNamingTheSameSkuTwiceIsRefused() {
            assertPlacementRefused(placementWithLines(List.of(
                    new OrderLine("BOOK-1", 1), new OrderLine("PEN-7", 1), new OrderLine("BOOK-1", 3))),
                    "duplicate-sku");
        }

        @Test
        void aLineWithZeroQuantityIsRefused() {
            assertPlacementRefused(placementWithLines(List.of(new OrderLine("BOOK-1", 0))), "invalid-quantity");
        }

        @Test
        void aLineWithNegativeQuantityIsRefused() {
            assertPlacementRefused(placementWithLines(List.of(new OrderLine("BOOK-1", -1))), "invalid-quantity");
        }

        @Test
        void aLineAboveTheMaximumQuantityIsRefused() {
            assertPlacementRefused(placementWithLines(List.of(new OrderLine("BOOK-1", Order.MAX_QUANTITY + 1))),
                    "invalid-quantity");
        }

        @Test
        void aLineWithAMalformedSkuIsRefused() {
            assertPlacementRefused(placementWithLines(List.of(new OrderLine("book-1", 1))), "invalid-sku");
        }

        @Test
        void aLineWithoutSkuIsRefused() {
            assertPlacementRefused(placementWithLines(List.of(new OrderLine(null, 1))), "invalid-sku");
        }

        @Test
        void theRefusalNamesTheOffendingLine() {
            fixture.givenNoPriorActivity()
                   .when(placementWithLines(List.of(new OrderLine("BOOK-1", 1), new OrderLine("PEN-7", 0))))
                   .expectNoEvents()
                   .expectExceptionMessage("lines[1].quantity must be between 1 and 10000, was 0");
        }

        @Test
        void anOrderIdThatIsNotAUuidIsRefused() {
            assertPlacementRefused(new PlaceOrder("order-1", CUSTOMER, LINES, TOKEN), "invalid-order-id");
        }

        @Test
        void aPaymentIdAsOrderIdIsRefused() {
            // Payment ids are version 3 UUIDs in the same id space; an order under one would block that payment.
            assertPlacementRefused(new PlaceOrder(Identifiers.paymentIdFor(ORDER_ID), CUSTOMER, LINES, TOKEN),
                    "invalid-order-id");
        }

        @Test
        void anUpperCaseUuidOrderIdIsRefused() {
            assertPlacementRefused(new PlaceOrder(ORDER_ID.toUpperCase(), CUSTOMER, LINES, TOKEN),
                    "invalid-order-id");
        }

        @Test
        void aBlankCustomerIsRefused() {
            assertPlacementRefused(new PlaceOrder(ORDER_ID, "  ", LINES, TOKEN), "invalid-customer-id");
        }

        @Test
        void aMissingCustomerIsRefused() {
            assertPlacementRefused(new PlaceOrder(ORDER_ID, null, LINES, TOKEN), "invalid-customer-id");
        }

        @Test
        void anOverlongCustomerIsRefused() {
            assertPlacementRefused(new PlaceOrder(ORDER_ID, "c".repeat(Order.MAX_CUSTOMER_ID_LENGTH + 1), LINES,
                    TOKEN), "invalid-customer-id");
        }

        @Test
        void aCustomerHoldingNulIsRefused() {
            assertPlacementRefused(new PlaceOrder(ORDER_ID, "customer\u0000-42", LINES, TOKEN), "invalid-customer-id");
        }

        @Test
        void aPaymentMethodTokenHoldingAControlCharacterIsRefused() {
            assertPlacementRefused(new PlaceOrder(ORDER_ID, CUSTOMER, LINES, "pm_approve\u001b"),
                    "invalid-payment-method-token");
        }

        @Test
        void aBlankPaymentMethodTokenIsRefused() {
            assertPlacementRefused(new PlaceOrder(ORDER_ID, CUSTOMER, LINES, ""), "invalid-payment-method-token");
        }

        @Test
        void anOverlongPaymentMethodTokenIsRefused() {
            assertPlacementRefused(new PlaceOrder(ORDER_ID, CUSTOMER, LINES,
                    "t".repeat(Order.MAX_PAYMENT_METHOD_TOKEN_LENGTH + 1)), "invalid-payment-method-token");
        }

        @Test
        void placingTheIdenticalOrderAgainChangesNothing() {
            fixture.given(PLACED)
                   .when(placement())
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();
        }

        @Test
        void placingTheSameLinesInAnotherSequenceAgainChangesNothing() {
            fixture.given(PLACED)
                   .when(placementWithLines(List.of(LINES.get(1), LINES.get(0))))
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();
        }

        @Test
        void placingTheIdenticalOrderAgainAfterItWasConfirmedChangesNothing() {
            fixture.given(PLACED, CONFIRMED)
                   .when(placement())
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents()
                   .expectState(order -> assertThat(order.status()).isEqualTo(OrderStatus.CONFIRMED));
        }

        @Test
        void placingAnOrderForAnotherCustomerUnderAUsedIdIsRefused() {
            assertRefused(fixture.given(PLACED).when(new PlaceOrder(ORDER_ID, "customer-43", LINES, TOKEN)),
                    RefusalKind.CONFLICT, "order-id-already-used");
        }

        @Test
        void placingOtherLinesUnderAUsedIdIsRefused() {
            assertRefused(fixture.given(PLACED).when(placementWithLines(List.of(new OrderLine("BOOK-1", 3)))),
                    RefusalKind.CONFLICT, "order-id-already-used");
        }

        @Test
        void placingWithAnotherPaymentMethodUnderAUsedIdIsRefused() {
            assertRefused(fixture.given(PLACED).when(new PlaceOrder(ORDER_ID, CUSTOMER, LINES, "tok_decline")),
                    RefusalKind.CONFLICT, "order-id-already-used");
        }
    }

    @Nested
    class Confirming {

        @Test
        void confirmingAPendingOrderEmitsOrderConfirmed() {
            fixture.given(PLACED)
                   .when(new ConfirmOrder(ORDER_ID, PAYMENT_ID, "all good"))
                   .expectEvents(CONFIRMED)
                   .expectState(order -> assertThat(order.status()).isEqualTo(OrderStatus.CONFIRMED));
        }

        @Test
        void confirmingWithoutReasonRecordsTheDefaultReason() {
            fixture.given(PLACED)
                   .when(new ConfirmOrder(ORDER_ID, PAYMENT_ID, null))
                   .expectEvents(new OrderConfirmed(ORDER_ID, PAYMENT_ID, Order.DEFAULT_CONFIRM_REASON));
        }

        @Test
        void confirmingWithAMalformedPaymentIdIsRefused() {
            assertRefused(fixture.given(PLACED).when(new ConfirmOrder(ORDER_ID, "pay-1", "all good")),
                    RefusalKind.RULE_VIOLATED, "invalid-payment-id");
        }

        @Test
        void confirmingAConfirmedOrderAgainChangesNothing() {
            fixture.given(PLACED, CONFIRMED)
                   .when(new ConfirmOrder(ORDER_ID, PAYMENT_ID, "all good"))
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();
        }

        @Test
        void confirmingARejectedOrderIsRefused() {
            assertRefused(fixture.given(PLACED, REJECTED).when(new ConfirmOrder(ORDER_ID, PAYMENT_ID, "late")),
                    RefusalKind.CONFLICT, OrderTransitions.ILLEGAL_TRANSITION);
        }

        @Test
        void confirmingACancelledOrderIsRefused() {
            assertRefused(fixture.given(PLACED, CANCELLED).when(new ConfirmOrder(ORDER_ID, PAYMENT_ID, "late")),
                    RefusalKind.CONFLICT, OrderTransitions.ILLEGAL_TRANSITION);
        }

        @Test
        void confirmingAnUnknownOrderFailsAsNotFound() {
            fixture.givenNoPriorActivity()
                   .when(new ConfirmOrder(ORDER_ID, PAYMENT_ID, "all good"))
                   .expectNoEvents()
                   .expectException(AggregateNotFoundException.class);
        }
    }

    @Nested
    class Rejecting {

        @Test
        void rejectingAPendingOrderEmitsOrderRejected() {
            fixture.given(PLACED)
                   .when(new RejectOrder(ORDER_ID, RejectionCause.OUT_OF_STOCK, "PEN-7 is out of stock"))
                   .expectEvents(REJECTED)
                   .expectState(order -> assertThat(order.status()).isEqualTo(OrderStatus.REJECTED));
        }

        @Test
        void rejectingWithoutReasonIsRefused() {
            assertRefused(fixture.given(PLACED).when(new RejectOrder(ORDER_ID, RejectionCause.OTHER, null)),
                    RefusalKind.RULE_VIOLATED, "missing-rejection-reason");
        }

        @Test
        void rejectingWithABlankReasonIsRefused() {
            assertRefused(fixture.given(PLACED).when(new RejectOrder(ORDER_ID, RejectionCause.OTHER, " ")),
                    RefusalKind.RULE_VIOLATED, "missing-rejection-reason");
        }

        @Test
        void rejectingWithoutCauseIsRefused() {
            assertRefused(fixture.given(PLACED).when(new RejectOrder(ORDER_ID, null, "something failed")),
                    RefusalKind.RULE_VIOLATED, "missing-rejection-cause");
        }

        @Test
        void rejectingWithAnOverlongReasonIsRefused() {
            assertRefused(fixture.given(PLACED).when(new RejectOrder(ORDER_ID, RejectionCause.OTHER,
                    "r".repeat(Order.MAX_REASON_LENGTH + 1))), RefusalKind.RULE_VIOLATED, "invalid-reason");
        }

        @Test
        void rejectingWithAReasonHoldingNulIsRefused() {
            assertRefused(fixture.given(PLACED).when(new RejectOrder(ORDER_ID, RejectionCause.OTHER, "no\u0000")),
                    RefusalKind.RULE_VIOLATED, "invalid-reason");
        }

        @Test
        void rejectingARejectedOrderAgainChangesNothing() {
            fixture.given(PLACED, REJECTED)
                   .when(new RejectOrder(ORDER_ID, RejectionCause.OUT_OF_STOCK, "PEN-7 is out of stock"))
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();
        }

        @Test
        void rejectingAConfirmedOrderIsRefused() {
            assertRefused(fixture.given(PLACED, CONFIRMED)
                                 .when(new RejectOrder(ORDER_ID, RejectionCause.PAYMENT_TIMEOUT, "too late")),
                    RefusalKind.CONFLICT, OrderTransitions.ILLEGAL_TRANSITION);
        }

        @Test
        void rejectingACancelledOrderIsRefused() {
            assertRefused(fixture.given(PLACED, CANCELLED)
                                 .when(new RejectOrder(ORDER_ID, RejectionCause.PAYMENT_DECLINED, "declined")),
                    RefusalKind.CONFLICT, OrderTransitions.ILLEGAL_TRANSITION);
        }
    }

    @Nested
    class Cancelling {

        @Test
        void cancellingAPendingOrderEmitsOrderCancelled() {
            fixture.given(PLACED)
                   .when(new CancelOrder(ORDER_ID, "changed my mind"))
                   .expectEvents(CANCELLED)
                   .expectState(order -> assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED));
        }

        @Test
        void cancellingWithoutReasonRecordsTheDefaultReason() {
            fixture.given(PLACED)
                   .when(new CancelOrder(ORDER_ID, null))
                   .expectEvents(new OrderCancelled(ORDER_ID, Order.DEFAULT_CANCEL_REASON));
        }

        @Test
        void cancellingWithAReasonOfTheMaximumLengthIsAccepted() {
            String reason = "r".repeat(Order.MAX_REASON_LENGTH);
            fixture.given(PLACED)
                   .when(new CancelOrder(ORDER_ID, reason))
                   .expectEvents(new OrderCancelled(ORDER_ID, reason));
        }

        @ParameterizedTest
        @ValueSource(strings = {"changed\u0000my mind", "changed my mind \ud83d", "changed \u0007my mind"})
        void cancellingWithAReasonTheStoresCannotHoldIsRefused(String reason) {
            assertRefused(fixture.given(PLACED).when(new CancelOrder(ORDER_ID, reason)), RefusalKind.RULE_VIOLATED,
                    "invalid-reason");
        }

        @Test
        void cancellingWithAReasonOverSeveralLinesIsAccepted() {
            String reason = "changed my mind:\r\n\tfound it cheaper \ud83d\ude00";
            fixture.given(PLACED)
                   .when(new CancelOrder(ORDER_ID, reason))
                   .expectEvents(new OrderCancelled(ORDER_ID, reason));
        }

        @Test
        void cancellingWithAnOverlongReasonIsRefused() {
            assertRefused(fixture.given(PLACED).when(new CancelOrder(ORDER_ID,
                    "r".repeat(Order.MAX_REASON_LENGTH + 1))), RefusalKind.RULE_VIOLATED, "invalid-reason");
        }

        @Test
        void cancellingACancelledOrderAgainChangesNothing() {
            fixture.given(PLACED, CANCELLED)
                   .when(new CancelOrder(ORDER_ID, null))
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();
        }

        @Test
        void cancellingAConfirmedOrderIsRefused() {
            fixture.given(PLACED, CONFIRMED)
                   .when(new CancelOrder(ORDER_ID, null))
                   .expectNoEvents()
                   .expectException(CommandRefusedException.class)
                   .expectException(refusal(RefusalKind.CONFLICT, OrderTransitions.ILLEGAL_TRANSITION))
                   .expectExceptionMessage("order " + ORDER_ID + " is CONFIRMED and cannot be cancelled");
        }

        @Test
        void cancellingARejectedOrderIsRefused() {
            assertRefused(fixture.given(PLACED, REJECTED).when(new CancelOrder(ORDER_ID, null)),
                    RefusalKind.CONFLICT, OrderTransitions.ILLEGAL_TRANSITION);
        }
    }

    @Nested
    class Replaying {

        @Test
        void theWholeLifeCycleReplaysToTheSameStateItWasDecidedIn() {
            // The fixture rebuilds the aggregate from all events after each command and compares it, field
            // by field, with the instance that handled the command: state changed outside an event
            // sourcing handler fails the test.
            fixture.setReportIllegalStateChange(true);
            fixture.givenCommands(placement(), new ConfirmOrder(ORDER_ID, PAYMENT_ID, "all good"))
                   .when(new ConfirmOrder(ORDER_ID, PAYMENT_ID, "all good"))
                   .expectNoEvents()
                   .expectState(order -> assertThat(order.status()).isEqualTo(OrderStatus.CONFIRMED));
        }

        @Test
        void eachTransitionReplaysToTheSameState() {
            fixture.setReportIllegalStateChange(true);
            fixture.given(PLACED).when(new CancelOrder(ORDER_ID, null)).expectSuccessfulHandlerExecution();
            fixture.given(PLACED).when(new RejectOrder(ORDER_ID, RejectionCause.OTHER, "x"))
                   .expectSuccessfulHandlerExecution();
            fixture.givenNoPriorActivity().when(placement()).expectSuccessfulHandlerExecution();
        }

        @Test
        void theReplayCheckCatchesStateChangedInACommandHandler() {
            AggregateTestFixture<CommandHandlerMutatesState> broken =
                    new AggregateTestFixture<>(CommandHandlerMutatesState.class);
            broken.setReportIllegalStateChange(true);
            assertThatThrownBy(() -> broken.givenNoPriorActivity().when(new Touch(ORDER_ID)))
                    .isInstanceOf(AxonAssertionError.class)
                    .hasMessageContaining("Illegal state change");
        }
    }

    record Touch(@TargetAggregateIdentifier String id) {
    }

    record Touched(String id) {
    }

    /** Deliberately wrong: counts in its command handler, so a replay cannot rebuild the count. */
    static class CommandHandlerMutatesState {

        @AggregateIdentifier
        private String id;
        private int touches;

        // Axon instantiates the aggregate through this constructor before replaying its events.
        CommandHandlerMutatesState() {
        }

        @CommandHandler
        @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
        void handle(Touch command) {
            touches++;
            AggregateLifecycle.apply(new Touched(command.id()));
        }

        @EventSourcingHandler
        void on(Touched event) {
            id = event.id();
        }
    }

    /** The caller in the command's metadata, checked again here after the edge: a customer acts for itself only. */
    @Nested
    class CheckingTheCaller {

        @Test
        void aCustomerMayNotPlaceAnOrderForAnotherCustomer() {
            assertRefused(fixture.givenNoPriorActivity()
                                 .when(placement(), new Caller("customer-43", Set.of(Caller.CUSTOMER)).toMetaData()),
                          RefusalKind.FORBIDDEN, "customer-is-not-caller");
        }

        @Test
        void aCustomerPlacesAnOrderForItself() {
            fixture.givenNoPriorActivity()
                   .when(placement(), new Caller(CUSTOMER, Set.of(Caller.CUSTOMER)).toMetaData())
                   .expectEvents(PLACED);
        }

        @Test
        void aCustomerMayNotCancelAnotherCustomersOrder() {
            assertRefused(fixture.given(PLACED)
                                 .when(new CancelOrder(ORDER_ID, "not mine"),
                                       new Caller("customer-43", Set.of(Caller.CUSTOMER)).toMetaData()),
                          RefusalKind.FORBIDDEN, "not-your-order");
        }

        @Test
        void aCustomerCancelsItsOwnOrder() {
            fixture.given(PLACED)
                   .when(new CancelOrder(ORDER_ID, "changed my mind"),
                         new Caller(CUSTOMER, Set.of(Caller.CUSTOMER)).toMetaData())
                   .expectEvents(CANCELLED);
        }

        @Test
        void anOperatorCancelsAnyOrder() {
            fixture.given(PLACED)
                   .when(new CancelOrder(ORDER_ID, "changed my mind"),
                         new Caller("staff-1", Set.of(Caller.OPERATOR)).toMetaData())
                   .expectEvents(CANCELLED);
        }
    }
}
