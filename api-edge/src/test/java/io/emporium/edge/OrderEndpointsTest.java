package io.emporium.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.emporium.edge.problem.ProblemTypes;
import io.emporium.messages.order.CancelOrder;
import io.emporium.messages.order.OrderLine;
import io.emporium.messages.order.PlaceOrder;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

class OrderEndpointsTest extends EdgeWebTest {

    private static String order(String orderId, String lines) {
        return """
                {"orderId": "%s", "customerId": "customer-7", "lines": %s, "paymentMethodToken": "tok_visa"}"""
                .formatted(orderId, lines);
    }

    private static final String VALID_ORDER =
            order(ORDER_ID, "[{\"sku\": \"MUG-001\", \"quantity\": 2}, {\"sku\": \"TEA-42\", \"quantity\": 1}]");

    private ResultActions place(String body) throws Exception {
        return mvc.perform(post("/api/orders").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private static void assertInvalid(ResultActions result, String type, String field) throws Exception {
        result.andExpect(status().isBadRequest())
              .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
              .andExpect(jsonPath("$.type").value(type))
              .andExpect(jsonPath("$.errors[?(@.field == '" + field + "')]").exists());
    }

    @Test
    void placingAnOrderAnswers202PendingWithItsLocationAndLinks() throws Exception {
        givenCommandsAreAccepted();

        place(VALID_ORDER)
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", "/api/orders/" + ORDER_ID))
                .andExpect(jsonPath("$.orderId").value(ORDER_ID))
                .andExpect(jsonPath("$.status").value("PENDING"))
                .andExpect(jsonPath("$.links.self").value("/api/orders/" + ORDER_ID))
                .andExpect(jsonPath("$.links.events").value("/api/admin/aggregates/" + ORDER_ID + "/events"));

        assertThat(sentCommand(PlaceOrder.class)).isEqualTo(new PlaceOrder(
                ORDER_ID, "customer-7", List.of(new OrderLine("MUG-001", 2), new OrderLine("TEA-42", 1)),
                "tok_visa"));
    }

    @Test
    void acceptsAnOrderOfExactly100Lines() throws Exception {
        givenCommandsAreAccepted();

        place(order(ORDER_ID, lines(100))).andExpect(status().isAccepted());

        assertThat(sentCommand(PlaceOrder.class).lines()).hasSize(PlaceOrder.MAX_LINES);
    }

    @Test
    void refusesAnOrderOf101LinesAndSendsNothing() throws Exception {
        assertInvalid(place(order(ORDER_ID, lines(101))), ProblemTypes.INVALID_REQUEST.toString(), "lines");
        verifyNoInteractions(commandGateway);
    }

    @Test
    void refusesAnOrderNamingTheSameSkuTwiceAndSendsNothing() throws Exception {
        String body = order(ORDER_ID, "[{\"sku\": \"MUG-001\", \"quantity\": 2}, {\"sku\": \"MUG-001\", \"quantity\": 1}]");

        place(body)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("lines"))
                .andExpect(jsonPath("$.errors[0].message").value("must not name the same sku on two lines"));
        verifyNoInteractions(commandGateway);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not a uuid              | {"orderId": "order-1", "customerId": "c", "lines": [{"sku": "MUG-001", "quantity": 1}], "paymentMethodToken": "t"}                                | orderId
            payment id (version 3)  | {"orderId": "3f2b8c1e-5a4d-3e7f-9b6a-0c1d2e3f4a5b", "customerId": "c", "lines": [{"sku": "MUG-001", "quantity": 1}], "paymentMethodToken": "t"}   | orderId
            upper-case uuid         | {"orderId": "3F2B8C1E-5A4D-4E7F-9B6A-0C1D2E3F4A5B", "customerId": "c", "lines": [{"sku": "MUG-001", "quantity": 1}], "paymentMethodToken": "t"}   | orderId
            over-long customer      | {"orderId": "3f2b8c1e-5a4d-4e7f-9b6a-0c1d2e3f4a5b", "customerId": "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc", "lines": [{"sku": "MUG-001", "quantity": 1}], "paymentMethodToken": "t"} | customerId
            no lines                | {"orderId": "3f2b8c1e-5a4d-4e7f-9b6a-0c1d2e3f4a5b", "customerId": "c", "lines": [], "paymentMethodToken": "t"}                                    | lines
            missing lines           | {"orderId": "3f2b8c1e-5a4d-4e7f-9b6a-0c1d2e3f4a5b", "customerId": "c", "paymentMethodToken": "t"}                                                 | lines
            null line               | {"orderId": "3f2b8c1e-5a4d-4e7f-9b6a-0c1d2e3f4a5b", "customerId": "c", "lines": [null], "paymentMethodToken": "t"}                                | lines[0]
            zero quantity           | {"orderId": "3f2b8c1e-5a4d-4e7f-9b6a-0c1d2e3f4a5b", "customerId": "c", "lines": [{"sku": "MUG-001", "quantity": 0}], "paymentMethodToken": "t"}   | lines[0].quantity
            negative quantity       | {"orderId": "3f2b8c1e-5a4d-4e7f-9b6a-0c1d2e3f4a5b", "customerId": "c", "lines": [{"sku": "MUG-001", "quantity": 1}, {"sku": "TEA-42", "quantity": -2}], "paymentMethodToken": "t"} | lines[1].quantity
            quantity over 10000     | {"orderId": "3f2b8c1e-5a4d-4e7f-9b6a-0c1d2e3f4a5b", "customerId": "c", "lines": [{"sku": "MUG-001", "quantity": 10001}], "paymentMethodToken": "t"} | lines[0].quantity
            malformed line sku      | {"orderId": "3f2b8c1e-5a4d-4e7f-9b6a-0c1d2e3f4a5b", "customerId": "c", "lines": [{"sku": "mug", "quantity": 1}], "paymentMethodToken": "t"}       | lines[0].sku
            missing token           | {"orderId": "3f2b8c1e-5a4d-4e7f-9b6a-0c1d2e3f4a5b", "customerId": "c", "lines": [{"sku": "MUG-001", "quantity": 1}]}                              | paymentMethodToken
            NUL in the customer     | {"orderId": "3f2b8c1e-5a4d-4e7f-9b6a-0c1d2e3f4a5b", "customerId": "c\\u0000", "lines": [{"sku": "MUG-001", "quantity": 1}], "paymentMethodToken": "t"} | customerId
            control char in token   | {"orderId": "3f2b8c1e-5a4d-4e7f-9b6a-0c1d2e3f4a5b", "customerId": "c", "lines": [{"sku": "MUG-001", "quantity": 1}], "paymentMethodToken": "t\\u0007"} | paymentMethodToken
            """)
    void refusesAnOrderThatBreaksARuleNamingTheFieldAndSendsNothing(String caseName, String body, String field)
            throws Exception {
        assertInvalid(place(body), ProblemTypes.INVALID_REQUEST.toString(), field);
        verifyNoInteractions(commandGateway);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            fractional quantity  | {"orderId": "3f2b8c1e-5a4d-4e7f-9b6a-0c1d2e3f4a5b", "customerId": "c", "lines": [{"sku": "MUG-001", "quantity": 1.5}], "paymentMethodToken": "t"}  | lines[0].quantity
            string quantity      | {"orderId": "3f2b8c1e-5a4d-4e7f-9b6a-0c1d2e3f4a5b", "customerId": "c", "lines": [{"sku": "MUG-001", "quantity": "1"}], "paymentMethodToken": "t"}  | lines[0].quantity
            lines not an array   | {"orderId": "3f2b8c1e-5a4d-4e7f-9b6a-0c1d2e3f4a5b", "customerId": "c", "lines": {"sku": "MUG-001"}, "paymentMethodToken": "t"}                    | lines
            unknown line field   | {"orderId": "3f2b8c1e-5a4d-4e7f-9b6a-0c1d2e3f4a5b", "customerId": "c", "lines": [{"sku": "MUG-001", "quantity": 1, "price": 3}], "paymentMethodToken": "t"} | lines[0].price
            broken line json     | {"orderId": "3f2b8c1e-5a4d-4e7f-9b6a-0c1d2e3f4a5b", "customerId": "c", "lines": [{"sku": "MUG-001", "quantity": }]}                              | lines[0].quantity
            """)
    void refusesAnOrderOfTheWrongShapeNamingTheFieldAndSendsNothing(String caseName, String body, String field)
            throws Exception {
        assertInvalid(place(body), ProblemTypes.MALFORMED_REQUEST.toString(), field);
        verifyNoInteractions(commandGateway);
    }

    @Test
    void cancellingAnOrderAnswers202AndSendsTheReason() throws Exception {
        givenCommandsAreAccepted();

        mvc.perform(post("/api/orders/{id}/cancel", ORDER_ID).contentType(MediaType.APPLICATION_JSON)
                                                            .content("{\"reason\": \"changed my mind\"}"))
           .andExpect(status().isAccepted())
           .andExpect(header().string("Location", "/api/orders/" + ORDER_ID))
           .andExpect(jsonPath("$.orderId").value(ORDER_ID))
           .andExpect(jsonPath("$.status").value("CANCELLED"));

        assertThat(sentCommand(CancelOrder.class)).isEqualTo(new CancelOrder(ORDER_ID, "changed my mind"));
    }

    @Test
    void cancellingWithoutABodyRecordsTheDefaultReason() throws Exception {
        givenCommandsAreAccepted();

        mvc.perform(post("/api/orders/{id}/cancel", ORDER_ID)).andExpect(status().isAccepted());

        assertThat(sentCommand(CancelOrder.class)).isEqualTo(new CancelOrder(ORDER_ID, "cancelled by the customer"));
    }

    @Test
    void refusesToCancelAnOrderWhoseIdIsNotAUuid() throws Exception {
        assertInvalid(mvc.perform(post("/api/orders/{id}/cancel", "order-1")),
                      ProblemTypes.INVALID_REQUEST.toString(), "orderId");
        verifyNoInteractions(commandGateway);
    }

    @Test
    void refusesACancelReasonLongerThan500Characters() throws Exception {
        assertInvalid(mvc.perform(post("/api/orders/{id}/cancel", ORDER_ID)
                                          .contentType(MediaType.APPLICATION_JSON)
                                          .content("{\"reason\": \"" + "r".repeat(501) + "\"}")),
                      ProblemTypes.INVALID_REQUEST.toString(), "reason");
        verifyNoInteractions(commandGateway);
    }

    @ParameterizedTest
    @ValueSource(strings = {"changed\\u0000my mind", "changed my mind \\udc00", "\\u001b[31mchanged"})
    void refusesACancelReasonTheStoresCannotHoldAndSendsNothing(String jsonEscapedReason) throws Exception {
        assertInvalid(mvc.perform(post("/api/orders/{id}/cancel", ORDER_ID)
                                          .contentType(MediaType.APPLICATION_JSON)
                                          .content("{\"reason\": \"" + jsonEscapedReason + "\"}")),
                      ProblemTypes.INVALID_REQUEST.toString(), "reason");
        verifyNoInteractions(commandGateway);
    }

    @Test
    void acceptsACancelReasonOverSeveralLines() throws Exception {
        givenCommandsAreAccepted();

        mvc.perform(post("/api/orders/{id}/cancel", ORDER_ID)
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"reason\": \"changed my mind:\\n\\tfound it cheaper\"}"))
           .andExpect(status().isAccepted());

        assertThat(sentCommand(CancelOrder.class))
                .isEqualTo(new CancelOrder(ORDER_ID, "changed my mind:\n\tfound it cheaper"));
    }

    private static String lines(int count) {
        return IntStream.rangeClosed(1, count)
                        .mapToObj(i -> "{\"sku\": \"SKU-" + i + "\", \"quantity\": 1}")
                        .collect(Collectors.joining(", ", "[", "]"));
    }
}
