package io.emporium.edge;

import static org.hamcrest.Matchers.hasSize;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.emporium.edge.problem.ProblemTypes;
import io.emporium.messages.common.Money;
import io.emporium.messages.order.OrderStatus;
import io.emporium.messages.payment.PaymentStatus;
import io.emporium.messages.query.FindOrder;
import io.emporium.messages.query.FindOrdersOfCustomer;
import io.emporium.messages.query.FindPaymentOfOrder;
import io.emporium.messages.query.FindProduct;
import io.emporium.messages.query.FindProducts;
import io.emporium.messages.query.OrderLineView;
import io.emporium.messages.query.OrderSummary;
import io.emporium.messages.query.OrderSummaryPage;
import io.emporium.messages.query.OrderView;
import io.emporium.messages.query.PaymentView;
import io.emporium.messages.query.ProductCatalogue;
import io.emporium.messages.query.ProductView;
import io.emporium.messages.query.RefundView;
import io.emporium.messages.query.StatusChange;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.DefaultSubscriptionQueryResult;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class QueryEndpointsTest extends EdgeWebTest {

    private static final Instant PLACED_AT = Instant.parse("2026-03-01T10:15:30Z");

    static OrderView pendingOrder() {
        return new OrderView(ORDER_ID, "customer-7", OrderStatus.PENDING, PLACED_AT,
                             List.of(new OrderLineView("MUG-001", 2, Money.of(1250, "EUR")),
                                     new OrderLineView("LAMP-2", 1, null)),
                             Money.of(2500, "EUR"),
                             List.of(new StatusChange(OrderStatus.PENDING, PLACED_AT, null)));
    }

    private void givenAnswer(Object query, Object answer) {
        when(queryGateway.query(eq(query), any(ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(answer));
    }

    @Test
    void answersTheOrderViewWithLinesPricesTotalAndHistory() throws Exception {
        givenAnswer(new FindOrder(ORDER_ID), pendingOrder());

        mvc.perform(get("/api/orders/{id}", ORDER_ID))
           .andExpect(status().isOk())
           .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
           .andExpect(jsonPath("$.orderId").value(ORDER_ID))
           .andExpect(jsonPath("$.customerId").value("customer-7"))
           .andExpect(jsonPath("$.status").value("PENDING"))
           .andExpect(jsonPath("$.placedAt").value("2026-03-01T10:15:30Z"))
           .andExpect(jsonPath("$.lines[0].unitPrice.amountMinor").value(1250))
           .andExpect(jsonPath("$.lines[1].unitPrice").doesNotExist())
           .andExpect(jsonPath("$.total.amountMinor").value(2500))
           .andExpect(jsonPath("$.total.currency").value("EUR"))
           .andExpect(jsonPath("$.statusHistory", hasSize(1)));
    }

    @Test
    void answers404ProblemForAnUnknownOrder() throws Exception {
        givenAnswer(new FindOrder(ORDER_ID), null);

        mvc.perform(get("/api/orders/{id}", ORDER_ID))
           .andExpect(status().isNotFound())
           .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
           .andExpect(jsonPath("$.type").value(ProblemTypes.NOT_FOUND.toString()))
           .andExpect(jsonPath("$.detail").value("no order " + ORDER_ID));
    }

    @Test
    void refusesAnOrderIdThatIsNotACanonicalUuid() throws Exception {
        mvc.perform(get("/api/orders/{id}", "NOT-A-UUID"))
           .andExpect(status().isBadRequest())
           .andExpect(jsonPath("$.errors[0].field").value("orderId"));
        verifyNoInteractions(queryGateway);
    }

    @Test
    void waitsForAnOrderThatIsNotProjectedYet() throws Exception {
        when(queryGateway.subscriptionQuery(eq(new FindOrder(ORDER_ID)), any(ResponseType.class),
                                            any(ResponseType.class)))
                .thenReturn(new DefaultSubscriptionQueryResult<>(
                        Mono.empty(), Flux.just(pendingOrder()).delaySubscription(java.time.Duration.ofMillis(50)),
                        () -> true));

        mvc.perform(get("/api/orders/{id}", ORDER_ID).param("waitMillis", "2000"))
           .andExpect(status().isOk())
           .andExpect(jsonPath("$.orderId").value(ORDER_ID));
        verify(queryGateway, never()).query(any(), any(ResponseType.class));
    }

    @Test
    void answers404AfterWaitingInVainForAnOrder() throws Exception {
        when(queryGateway.subscriptionQuery(eq(new FindOrder(ORDER_ID)), any(ResponseType.class),
                                            any(ResponseType.class)))
                .thenReturn(new DefaultSubscriptionQueryResult<>(Mono.empty(), Flux.never(), () -> true));

        mvc.perform(get("/api/orders/{id}", ORDER_ID).param("waitMillis", "100"))
           .andExpect(status().isNotFound())
           .andExpect(jsonPath("$.type").value(ProblemTypes.NOT_FOUND.toString()));
    }

    @Test
    void refusesAWaitLongerThanTenSeconds() throws Exception {
        mvc.perform(get("/api/orders/{id}", ORDER_ID).param("waitMillis", "10001"))
           .andExpect(status().isBadRequest())
           .andExpect(jsonPath("$.errors[0].field").value("waitMillis"));
    }

    @Test
    void answersACustomersOrdersWithTheRequestedFilterAndPage() throws Exception {
        OrderSummaryPage page = new OrderSummaryPage("customer-7", 1, 5, 6, List.of(
                new OrderSummary(ORDER_ID, OrderStatus.CONFIRMED, PLACED_AT, 2, Money.of(2500, "EUR"))));
        givenAnswer(new FindOrdersOfCustomer("customer-7", OrderStatus.CONFIRMED, 1, 5), page);

        mvc.perform(get("/api/orders").param("customerId", "customer-7").param("status", "CONFIRMED")
                                      .param("page", "1").param("size", "5"))
           .andExpect(status().isOk())
           .andExpect(jsonPath("$.totalItems").value(6))
           .andExpect(jsonPath("$.items[0].orderId").value(ORDER_ID))
           .andExpect(jsonPath("$.items[0].lineCount").value(2));
    }

    @Test
    void pagesDefaultToTheFirstTwentyOrdersOfAnyStatus() throws Exception {
        givenAnswer(new FindOrdersOfCustomer("customer-7", null, 0, 20),
                    new OrderSummaryPage("customer-7", 0, 20, 0, List.of()));

        mvc.perform(get("/api/orders").param("customerId", "customer-7"))
           .andExpect(status().isOk())
           .andExpect(jsonPath("$.items", hasSize(0)));

        ArgumentCaptor<Object> query = ArgumentCaptor.forClass(Object.class);
        verify(queryGateway).query(query.capture(), any(ResponseType.class));
        org.assertj.core.api.Assertions.assertThat(query.getValue())
                                       .isEqualTo(new FindOrdersOfCustomer("customer-7", null, 0, 20));
    }

    @Test
    void refusesAnUnknownStatusNamingTheParameter() throws Exception {
        mvc.perform(get("/api/orders").param("customerId", "customer-7").param("status", "SHIPPED"))
           .andExpect(status().isBadRequest())
           .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
           .andExpect(jsonPath("$.errors[0].field").value("status"))
           .andExpect(jsonPath("$.errors[0].message").value("must be one of [PENDING, CONFIRMED, REJECTED, CANCELLED]"));
        verifyNoInteractions(queryGateway);
    }

    @Test
    void anOperatorListingOrdersMustNameTheCustomer() throws Exception {
        mvc.perform(get("/api/orders").header(HttpHeaders.AUTHORIZATION, EdgeTestApplication.bearer("op", "operator")))
           .andExpect(status().isBadRequest())
           .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
           .andExpect(jsonPath("$.type").value("urn:emporium:problem:invalid-request"))
           .andExpect(jsonPath("$.errors[0].field").value("customerId"))
           .andExpect(jsonPath("$.errors[0].message").value("is required"));
        verifyNoInteractions(queryGateway);
    }

    @Test
    void refusesACustomerIdTheStoresCannotHoldNamingTheParameter() throws Exception {
        mvc.perform(get("/api/orders").param("customerId", "customer\u00007")
                                      .header(HttpHeaders.AUTHORIZATION, EdgeTestApplication.bearer("op", "operator")))
           .andExpect(status().isBadRequest())
           .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
           .andExpect(jsonPath("$.errors[0].field").value("customerId"));
        verifyNoInteractions(queryGateway);
    }

    @Test
    void refusesOutOfRangePaging() throws Exception {
        mvc.perform(get("/api/orders").param("page", "-1").param("size", "101"))
           .andExpect(status().isBadRequest())
           .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder(
                   "page", "size")));
        mvc.perform(get("/api/orders").param("customerId", "c").param("size", "0"))
           .andExpect(status().isBadRequest())
           .andExpect(jsonPath("$.errors[0].field").value("size"));
        verifyNoInteractions(queryGateway);
    }

    @Test
    void answersTheCatalogueAndOneProduct() throws Exception {
        ProductView mug = new ProductView("MUG-001", "Mug", Money.of(1250, "EUR"), 10, 3, 7);
        givenAnswer(new FindProducts(), new ProductCatalogue(List.of(mug)));
        givenAnswer(new FindProduct("MUG-001"), mug);

        mvc.perform(get("/api/products"))
           .andExpect(status().isOk())
           .andExpect(jsonPath("$.products[0].sku").value("MUG-001"))
           .andExpect(jsonPath("$.products[0].available").value(7));
        mvc.perform(get("/api/products/{sku}", "MUG-001"))
           .andExpect(status().isOk())
           .andExpect(jsonPath("$.onHand").value(10))
           .andExpect(jsonPath("$.reserved").value(3));
    }

    @Test
    void answers404ProblemForAnUnknownProduct() throws Exception {
        givenAnswer(new FindProduct("NOPE-1"), null);

        mvc.perform(get("/api/products/{sku}", "NOPE-1"))
           .andExpect(status().isNotFound())
           .andExpect(jsonPath("$.type").value(ProblemTypes.NOT_FOUND.toString()));
    }

    @Test
    void answersThePaymentOfAnOrderAnd404WithoutOne() throws Exception {
        PaymentView payment = new PaymentView(PAYMENT_ID, ORDER_ID, PaymentStatus.PARTIALLY_REFUNDED,
                                              Money.of(5000, "EUR"), Money.of(5000, "EUR"), null,
                                              Money.of(1000, "EUR"),
                                              List.of(new RefundView("r-1", Money.of(1000, "EUR"), "damaged",
                                                                     PLACED_AT)));
        givenAnswer(new FindPaymentOfOrder(ORDER_ID), payment);

        mvc.perform(get("/api/orders/{id}/payment", ORDER_ID))
           .andExpect(status().isOk())
           .andExpect(jsonPath("$.status").value("PARTIALLY_REFUNDED"))
           .andExpect(jsonPath("$.authorizedAmount.amountMinor").value(5000))
           .andExpect(jsonPath("$.refunds[0].refundId").value("r-1"));

        String other = "0d2b8c1e-5a4d-4e7f-9b6a-0c1d2e3f4a5b";
        givenAnswer(new FindPaymentOfOrder(other), null);
        mvc.perform(get("/api/orders/{id}/payment", other))
           .andExpect(status().isNotFound());
    }

    @Test
    void answers503WithRetryAfterWhenAQueryIsNotAnsweredInTime() throws Exception {
        when(queryGateway.query(any(), any(ResponseType.class))).thenReturn(new CompletableFuture<>());

        mvc.perform(get("/api/products"))
           .andExpect(status().isServiceUnavailable())
           .andExpect(header().exists("Retry-After"))
           .andExpect(jsonPath("$.type").value(ProblemTypes.QUERY_TIMEOUT.toString()));
    }
}
