package io.emporium.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emporium.messages.common.CommandRefusedException;
import io.emporium.messages.order.OrderStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OrderTransitionsTest {

    @ParameterizedTest
    @EnumSource(OrderStatus.class)
    void everyStatusHasARowAndOnlyFinalStatusesHaveNoWayOut(OrderStatus status) {
        assertThat(OrderTransitions.allowedFrom(status)).isNotNull();
        assertThat(OrderTransitions.allowedFrom(status).isEmpty()).isEqualTo(status.isFinal());
    }

    @ParameterizedTest
    @EnumSource(OrderStatus.class)
    void askingForTheCurrentStatusIsARetry(OrderStatus status) {
        assertThat(OrderTransitions.check("o", status, status)).isEqualTo(OrderTransitions.Outcome.ALREADY_THERE);
    }

    @Test
    void nothingLeadsBackToPending() {
        for (OrderStatus from : OrderStatus.values()) {
            if (from != OrderStatus.PENDING) {
                assertThatThrownBy(() -> OrderTransitions.check("o", from, OrderStatus.PENDING))
                        .isInstanceOf(CommandRefusedException.class)
                        .hasMessage("order o is " + from + " and cannot be pending");
            }
        }
    }
}
