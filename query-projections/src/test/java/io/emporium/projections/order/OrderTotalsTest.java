package io.emporium.projections.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.messages.common.Money;
import io.emporium.messages.inventory.RegisterProduct;
import io.emporium.messages.order.OrderLine;
import io.emporium.messages.order.PlaceOrder;
import io.emporium.messages.query.OrderLineView;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OrderTotalsTest {

    @Test
    void sumsTheReservedLinesAtTheirReservationPrices() {
        assertThat(OrderTotals.of(List.of(new OrderLineView("MUG-1", 2, Money.of(1_250, "EUR")),
                                          new OrderLineView("TEA-1", 1, null),
                                          new OrderLineView("PEN-1", 3, Money.of(100, "EUR")))))
                .isEqualTo(Money.of(2_800, "EUR"));
    }

    @Test
    void hasNoTotalForLinesInDifferentCurrencies() {
        assertThat(OrderTotals.of(List.of(new OrderLineView("MUG-1", 1, Money.of(1, "EUR")),
                                          new OrderLineView("TEA-1", 1, Money.of(1, "USD"))))).isNull();
    }

    @Test
    void hasNoTotalWhenALineTotalIsBeyondALong() {
        assertThat(OrderTotals.of(List.of(new OrderLineView("HUGE-1", 2, Money.of(Long.MAX_VALUE - 1, "EUR")))))
                .isNull();
    }

    @Test
    void hasNoTotalWhenTheSumOfLinesIsBeyondALong() {
        assertThat(OrderTotals.of(List.of(new OrderLineView("HUGE-1", 1, Money.of(Long.MAX_VALUE - 1, "EUR")),
                                          new OrderLineView("HUGE-2", 1, Money.of(2, "EUR"))))).isNull();
    }

    @Test
    void theLargestOrderTheLimitsAllowHasATotal() {
        List<OrderLineView> lines = IntStream.range(0, PlaceOrder.MAX_LINES)
                .mapToObj(i -> new OrderLineView("SKU-" + i, OrderLine.MAX_QUANTITY,
                                                 Money.of(RegisterProduct.MAX_UNIT_PRICE_MINOR, "EUR")))
                .toList();
        assertThat(OrderTotals.of(lines)).isEqualTo(Money.of(1_000_000_000_000_000_000L, "EUR"));
    }
}
