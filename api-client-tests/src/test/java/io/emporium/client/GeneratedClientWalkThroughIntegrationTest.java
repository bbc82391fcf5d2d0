package io.emporium.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.emporium.client.api.OrdersApi;
import io.emporium.client.api.ProductsApi;
import io.emporium.client.invoker.ApiClient;
import io.emporium.client.invoker.ApiException;
import io.emporium.client.invoker.ApiResponse;
import io.emporium.client.model.CancelOrderRequest;
import io.emporium.client.model.MoneyBody;
import io.emporium.client.model.OrderAccepted;
import io.emporium.client.model.OrderLineRequest;
import io.emporium.client.model.OrderView;
import io.emporium.client.model.PlaceOrderRequest;
import io.emporium.client.model.Problem;
import io.emporium.client.model.ProductResponse;
import io.emporium.client.model.ProductView;
import io.emporium.client.model.RegisterProductRequest;
import io.emporium.standalone.IntegrationTest;
import io.emporium.standalone.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The walk through of docs/guide.md, driven through the Java client generated from {@code docs/api/openapi.json}
 * against the running standalone platform: a member of staff registers a product, a customer places an order, reads it until it
 * is confirmed, places another that waits for its payment and cancels it, and is refused the cancel of the confirmed
 * one: the refusal read as the description's {@code Problem}. The answers' statuses and headers are the ones the
 * description names for them.
 */
@IntegrationTest
class GeneratedClientWalkThroughIntegrationTest {

    @LocalServerPort
    int port;

    private ApiClient client(String subject, String... roles) {
        String token = TestTokens.token(subject, roles);
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://localhost:" + port);
        client.setReadTimeout(Duration.ofSeconds(30));
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        return client;
    }

    @Test
    void theWalkThroughRunsThroughTheGeneratedClient() throws Exception {
        ProductsApi staff = new ProductsApi(client("walk-staff", "operator"));
        String customer = "walk-customer-" + UUID.randomUUID();
        OrdersApi orders = new OrdersApi(client(customer, "customer"));
        String sku = "WALK-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();

        ApiResponse<ProductResponse> registered = staff.registerWithHttpInfo(new RegisterProductRequest()
                .sku(sku).name("Oak desk").unitPrice(new MoneyBody().amount(24900L).currency("EUR")).initialStock(10),
                null, null);
        assertThat(registered.getStatusCode()).isEqualTo(201);
        assertThat(registered.getHeaders().get("Location")).containsExactly("/api/products/" + sku);
        assertThat(registered.getData().getSku()).isEqualTo(sku);

        UUID confirmed = UUID.randomUUID();
        ApiResponse<OrderAccepted> placed = orders.placeWithHttpInfo(order(confirmed, sku, 2, "pm_approve"), null, null);
        assertThat(placed.getStatusCode()).isEqualTo(202);
        assertThat(placed.getHeaders().get("Location")).containsExactly("/api/orders/" + confirmed);
        assertThat(placed.getData().getStatus()).isEqualTo(OrderAccepted.StatusEnum.PENDING);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                orders.order(confirmed, 2000, null).getStatus()).isEqualTo(OrderView.StatusEnum.CONFIRMED));
        ApiResponse<OrderView> read = orders.orderWithHttpInfo(confirmed, null, null);
        assertThat(read.getStatusCode()).isEqualTo(200);
        assertThat(read.getHeaders().get("ETag")).singleElement().asString().matches("\"[0-9]+\"");
        assertThat(read.getData().getCustomerId()).isEqualTo(customer);
        assertThat(read.getData().getTotal().getAmountMinor()).isEqualTo(49800L);

        UUID waiting = UUID.randomUUID();
        orders.place(order(waiting, sku, 1, "pm_no_answer"), null, null);
        ApiResponse<OrderAccepted> cancelled = orders.cancelWithHttpInfo(waiting, null, null, null,
                new CancelOrderRequest().reason("changed my mind"));
        assertThat(cancelled.getStatusCode()).isEqualTo(202);
        assertThat(cancelled.getHeaders().get("Location")).containsExactly("/api/orders/" + waiting);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                orders.order(waiting, 2000, null).getStatus()).isEqualTo(OrderView.StatusEnum.CANCELLED));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            ProductView product = staff.product(sku, null);
            assertThat(product.getAvailable()).isEqualTo(8);
        });

        ApiException refused = catchThrowableOfType(ApiException.class, () -> orders.cancel(confirmed, null, null,
                null, new CancelOrderRequest().reason("too late")));
        assertThat(refused.getCode()).isEqualTo(409);
        assertThat(refused.getResponseHeaders().firstValue("Content-Type")).hasValue("application/problem+json");
        Problem problem = new ApiClient().getObjectMapper().readValue(refused.getResponseBody(), Problem.class);
        assertThat(problem.getStatus()).isEqualTo(409);
        assertThat(problem.getType()).startsWith("urn:emporium:problem:refused:");
        assertThat(problem.getCode()).isNotBlank();
        assertThat(problem.getInstance()).isEqualTo("/api/orders/" + confirmed + "/cancel");
    }

    private static PlaceOrderRequest order(UUID orderId, String sku, int quantity, String paymentMethodToken) {
        return new PlaceOrderRequest().orderId(orderId)
                                      .lines(List.of(new OrderLineRequest().sku(sku).quantity(quantity)))
                                      .paymentMethodToken(paymentMethodToken);
    }
}
