package io.emporium.edge;

import static io.emporium.edge.EdgeTestApplication.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.emporium.edge.security.TokenMinter;
import io.emporium.messages.common.CommandRefusedException;
import io.emporium.messages.order.PlaceOrder;
import io.emporium.messages.query.FindOrder;
import io.emporium.messages.query.FindOrdersOfCustomer;
import io.emporium.messages.query.OrderSummaryPage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/** Who may call what: every refusal of the edge's security as its own case, each answered in problem+json. */
class EdgeSecurityTest extends EdgeWebTest {

    private static final String PLACE_ORDER = """
            {"orderId": "%s", "lines": [{"sku": "MUG-001", "quantity": 1}], "paymentMethodToken": "tok_visa"}"""
            .formatted(ORDER_ID);

    @Autowired
    private WebApplicationContext context;

    private ResultActions perform(MockHttpServletRequestBuilder request, String authorization) throws Exception {
        return mvc.perform(request.header(HttpHeaders.AUTHORIZATION, authorization));
    }

    private static ResultActions expectUnauthenticated(ResultActions result) throws Exception {
        return result.andExpect(status().isUnauthorized())
                     .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                     .andExpect(jsonPath("$.type").value("urn:emporium:problem:unauthenticated"))
                     .andExpect(jsonPath("$.status").value(401))
                     .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, containsString("Bearer")));
    }

    private static ResultActions expectForbidden(ResultActions result) throws Exception {
        return result.andExpect(status().isForbidden())
                     .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                     .andExpect(jsonPath("$.type").value("urn:emporium:problem:forbidden"))
                     .andExpect(jsonPath("$.status").value(403));
    }

    private void givenOrderOf(String customerId) {
        when(queryGateway.query(eq(new FindOrder(ORDER_ID)), any(ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(
                        new io.emporium.messages.query.OrderView(ORDER_ID, customerId,
                                QueryEndpointsTest.pendingOrder().status(), QueryEndpointsTest.pendingOrder().placedAt(),
                                QueryEndpointsTest.pendingOrder().lines(), QueryEndpointsTest.pendingOrder().total(),
                                QueryEndpointsTest.pendingOrder().statusHistory())));
    }

    // ---- 401: who is calling cannot be established ----

    @Test
    void aRequestWithoutATokenIsRefusedWith401() throws Exception {
        MockMvc anonymous = MockMvcBuilders.webAppContextSetup(context)
                                           .apply(SecurityMockMvcConfigurers.springSecurity())
                                           .build();
        expectUnauthenticated(anonymous.perform(get("/api/orders/{id}", ORDER_ID)))
                .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, "Bearer"))
                .andExpect(jsonPath("$.detail").value(containsString("bearer token")));
        expectUnauthenticated(anonymous.perform(post("/api/orders").contentType(MediaType.APPLICATION_JSON)
                                                                    .content(PLACE_ORDER)));
        verifyNoInteractions(commandGateway, queryGateway);
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() throws Exception {
        TokenMinter forger = new TokenMinter(EdgeTestApplication.ISSUER, EdgeTestApplication.AUDIENCE,
                                             "not-the-edge-secret-but-just-as-long-0123456789");
        String token = forger.mint("customer-7", List.of("customer"), Duration.ofHours(1));
        expectUnauthenticated(perform(get("/api/orders/{id}", ORDER_ID), "Bearer " + token))
                .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, containsString("invalid_token")));
        verifyNoInteractions(queryGateway);
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        Instant issued = Instant.now().minus(Duration.ofHours(2));
        String token = EdgeTestApplication.TOKENS.mint("customer-7", List.of("customer"), issued,
                                                       issued.plus(Duration.ofHours(1)));
        expectUnauthenticated(perform(get("/api/orders/{id}", ORDER_ID), "Bearer " + token))
                .andExpect(jsonPath("$.detail").value(containsString("expired")));
        verifyNoInteractions(queryGateway);
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() throws Exception {
        Instant now = Instant.now();
        String token = EdgeTestApplication.TOKENS.mint("customer-7", List.of("customer"), "another-api", now,
                                                       now.plus(Duration.ofHours(1)));
        expectUnauthenticated(perform(get("/api/orders/{id}", ORDER_ID), "Bearer " + token))
                .andExpect(jsonPath("$.detail").value(containsString("aud")));
        verifyNoInteractions(queryGateway);
    }

    @Test
    void aTokenFromAnotherIssuerIsRefused() throws Exception {
        TokenMinter otherIssuer = new TokenMinter("https://elsewhere.example", EdgeTestApplication.AUDIENCE,
                                                  EdgeTestApplication.SECRET);
        String token = otherIssuer.mint("customer-7", List.of("customer"), Duration.ofHours(1));
        expectUnauthenticated(perform(get("/api/orders/{id}", ORDER_ID), "Bearer " + token))
                .andExpect(jsonPath("$.detail").value(containsString("iss")));
        verifyNoInteractions(queryGateway);
    }

    @Test
    void aTokenWhoseSubjectTheStoresCannotHoldIsRefused() throws Exception {
        String token = EdgeTestApplication.TOKENS.mint("customer\u00007", List.of("customer"), Duration.ofHours(1));
        expectUnauthenticated(perform(get("/api/orders"), "Bearer " + token))
                .andExpect(jsonPath("$.detail").value(containsString("sub")));
        verifyNoInteractions(queryGateway);
    }

    @Test
    void aMalformedTokenIsRefusedWithoutEchoingIt() throws Exception {
        expectUnauthenticated(perform(get("/api/orders/{id}", ORDER_ID), "Bearer not.a.jwt-at-all"))
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString("not.a.jwt-at-all"))));
        verifyNoInteractions(queryGateway);
    }

    // ---- 403: the caller is known, but may not ----

    @Test
    void aCustomerMayNotRegisterProducts() throws Exception {
        expectForbidden(perform(post("/api/products").contentType(MediaType.APPLICATION_JSON).content("""
                {"sku": "MUG-001", "name": "Mug", "unitPrice": {"amountMinor": 1250, "currency": "EUR"}}"""),
                                bearer("customer-7", "customer")));
        verifyNoInteractions(commandGateway);
    }

    @Test
    void aCustomerMayNotRefundOrUseAdminEndpoints() throws Exception {
        expectForbidden(perform(post("/api/payments/{id}/refunds", PAYMENT_ID).contentType(MediaType.APPLICATION_JSON)
                                        .content("{}"), bearer("customer-7", "customer")));
        expectForbidden(perform(get("/api/admin/projections"), bearer("customer-7", "customer")));
        expectForbidden(perform(post("/api/admin/projections/order-views/replay"), bearer("customer-7", "customer")));
        verifyNoInteractions(commandGateway, queryGateway);
    }

    @Test
    void anOperatorMayNotPlaceOrders() throws Exception {
        expectForbidden(perform(post("/api/orders").contentType(MediaType.APPLICATION_JSON).content(PLACE_ORDER),
                                bearer("staff-1", "operator")));
        verifyNoInteractions(commandGateway);
    }

    @Test
    void aTokenWithoutAKnownRoleMayNotReadOrders() throws Exception {
        expectForbidden(perform(get("/api/orders/{id}", ORDER_ID), bearer("customer-7", "auditor")));
        verifyNoInteractions(queryGateway);
    }

    @Test
    void aCustomerMayNotReadAnotherCustomersOrder() throws Exception {
        givenOrderOf("customer-8");
        expectForbidden(perform(get("/api/orders/{id}", ORDER_ID), bearer("customer-7", "customer")))
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString("MUG-001"))));
    }

    @Test
    void aCustomerMayNotReadAnotherCustomersPaymentOrUpdates() throws Exception {
        givenOrderOf("customer-8");
        expectForbidden(perform(get("/api/orders/{id}/payment", ORDER_ID), bearer("customer-7", "customer")));
        expectForbidden(perform(get("/api/orders/{id}/updates", ORDER_ID), bearer("customer-7", "customer")));
    }

    @Test
    void aCustomerReadsItsOwnOrderAndAnOperatorReadsAnyOrder() throws Exception {
        givenOrderOf("customer-7");
        perform(get("/api/orders/{id}", ORDER_ID), bearer("customer-7", "customer"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.customerId").value("customer-7"));
        perform(get("/api/orders/{id}", ORDER_ID), bearer("staff-1", "operator"))
                .andExpect(status().isOk());
    }

    @Test
    void aCustomerListsItsOwnOrdersOnly() throws Exception {
        when(queryGateway.query(eq(new FindOrdersOfCustomer("customer-7", null, 0, 20)), any(ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(new OrderSummaryPage("customer-7", 0, 20, 0, List.of())));
        perform(get("/api/orders"), bearer("customer-7", "customer"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.customerId").value("customer-7"));
        expectForbidden(perform(get("/api/orders").param("customerId", "customer-8"), bearer("customer-7", "customer")));
    }

    @Test
    void aForgedCustomerIdInTheBodyIsRefused() throws Exception {
        String forged = """
                {"orderId": "%s", "customerId": "customer-8", "lines": [{"sku": "MUG-001", "quantity": 1}],
                 "paymentMethodToken": "tok_visa"}""".formatted(ORDER_ID);
        expectForbidden(perform(post("/api/orders").contentType(MediaType.APPLICATION_JSON).content(forged),
                                bearer("customer-7", "customer")))
                .andExpect(jsonPath("$.detail").value(containsString("customerId")));
        verifyNoInteractions(commandGateway);
    }

    @Test
    void anOrderIsPlacedForTheTokensSubject() throws Exception {
        givenCommandsAreAccepted();
        perform(post("/api/orders").contentType(MediaType.APPLICATION_JSON).content(PLACE_ORDER),
                bearer("customer-7", "customer"))
                .andExpect(status().isAccepted());
        assertThat(sentCommand(PlaceOrder.class).customerId()).isEqualTo("customer-7");
    }

    @Test
    void anAggregatesForbiddenRefusalIsA403() throws Exception {
        givenCommandsFailWith(CommandRefusedException.forbidden("not-your-order",
                                                                "order " + ORDER_ID + " belongs to another customer"));
        perform(post("/api/orders/{id}/cancel", ORDER_ID), bearer("customer-7", "customer"))
                .andExpect(status().isForbidden())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:emporium:problem:refused:not-your-order"))
                .andExpect(jsonPath("$.kind").value("FORBIDDEN"));
    }
}
