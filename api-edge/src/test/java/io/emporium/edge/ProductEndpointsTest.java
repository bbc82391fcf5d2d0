package io.emporium.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.emporium.edge.problem.ProblemTypes;
import io.emporium.messages.common.Money;
import io.emporium.messages.inventory.ReceiveStock;
import io.emporium.messages.inventory.RegisterProduct;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

class ProductEndpointsTest extends EdgeWebTest {

    private static final String VALID_PRODUCT = """
            {"sku": "MUG-001", "name": "Enamel mug", "unitPrice": {"amount": 1299, "currency": "EUR"},
             "initialStock": 25}""";

    private ResultActions register(String body) throws Exception {
        return mvc.perform(post("/api/products").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private ResultActions receiveStock(String sku, String body) throws Exception {
        return mvc.perform(post("/api/products/{sku}/stock", sku).contentType(MediaType.APPLICATION_JSON)
                                                                   .content(body));
    }

    private static void assertInvalid(ResultActions result, String type, String field) throws Exception {
        result.andExpect(status().isBadRequest())
              .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
              .andExpect(jsonPath("$.type").value(type))
              .andExpect(jsonPath("$.status").value(400))
              .andExpect(jsonPath("$.errors[?(@.field == '" + field + "')]").exists());
    }

    @Test
    void registeringAProductAnswers201WithItsLocationAndEchoesIt() throws Exception {
        givenCommandsAreAccepted();

        register(VALID_PRODUCT)
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/products/MUG-001"))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.sku").value("MUG-001"))
                .andExpect(jsonPath("$.name").value("Enamel mug"))
                .andExpect(jsonPath("$.unitPrice.amount").value(1299))
                .andExpect(jsonPath("$.unitPrice.currency").value("EUR"))
                .andExpect(jsonPath("$.initialStock").value(25));

        assertThat(sentCommand(RegisterProduct.class))
                .isEqualTo(new RegisterProduct("MUG-001", "Enamel mug", Money.of(1299, "EUR"), 25));
    }

    @Test
    void receivingStockAnswers200WithTheQuantityReceived() throws Exception {
        givenCommandsAreAccepted();

        receiveStock("MUG-001", "{\"quantity\": 40}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.sku").value("MUG-001"))
                .andExpect(jsonPath("$.quantityReceived").value(40));

        assertThat(sentCommand(ReceiveStock.class)).isEqualTo(new ReceiveStock("MUG-001", 40));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing name           | {"sku": "MUG-001", "unitPrice": {"amount": 1, "currency": "EUR"}, "initialStock": 1}                         | name
            blank name             | {"sku": "MUG-001", "name": " ", "unitPrice": {"amount": 1, "currency": "EUR"}, "initialStock": 1}            | name
            lower-case sku         | {"sku": "mug-001", "name": "Mug", "unitPrice": {"amount": 1, "currency": "EUR"}, "initialStock": 1}          | sku
            unknown currency       | {"sku": "MUG-001", "name": "Mug", "unitPrice": {"amount": 1, "currency": "XYZ"}, "initialStock": 1}          | unitPrice.currency
            lower-case currency    | {"sku": "MUG-001", "name": "Mug", "unitPrice": {"amount": 1, "currency": "eur"}, "initialStock": 1}          | unitPrice.currency
            negative amount        | {"sku": "MUG-001", "name": "Mug", "unitPrice": {"amount": -1, "currency": "EUR"}, "initialStock": 1}         | unitPrice.amount
            missing unit price     | {"sku": "MUG-001", "name": "Mug", "initialStock": 1}                                                         | unitPrice
            negative initial stock | {"sku": "MUG-001", "name": "Mug", "unitPrice": {"amount": 1, "currency": "EUR"}, "initialStock": -1}         | initialStock
            too much initial stock | {"sku": "MUG-001", "name": "Mug", "unitPrice": {"amount": 1, "currency": "EUR"}, "initialStock": 1000001}    | initialStock
            NUL in the name        | {"sku": "MUG-001", "name": "Mug\\u0000", "unitPrice": {"amount": 1, "currency": "EUR"}, "initialStock": 1}  | name
            escape in the name     | {"sku": "MUG-001", "name": "\\u001b[2JMug", "unitPrice": {"amount": 1, "currency": "EUR"}, "initialStock": 1} | name
            lone surrogate in name | {"sku": "MUG-001", "name": "Mug\\ud83d", "unitPrice": {"amount": 1, "currency": "EUR"}, "initialStock": 1}  | name
            price above the limit  | {"sku": "MUG-001", "name": "Mug", "unitPrice": {"amount": 1000000000001, "currency": "EUR"}, "initialStock": 1} | unitPrice
            """)
    void refusesAProductThatBreaksARuleNamingTheFieldAndSendsNothing(String caseName, String body, String field)
            throws Exception {
        assertInvalid(register(body), ProblemTypes.INVALID_REQUEST.toString(), field);
        verifyNoInteractions(commandGateway);
    }

    @Test
    void refusesANameLongerThan200CharactersAndSendsNothing() throws Exception {
        String body = VALID_PRODUCT.replace("Enamel mug", "m".repeat(201));

        assertInvalid(register(body), ProblemTypes.INVALID_REQUEST.toString(), "name");
        verifyNoInteractions(commandGateway);
    }

    @Test
    void reportsEveryBrokenFieldAtOnce() throws Exception {
        register("{\"sku\": \"x\", \"name\": \"\", \"unitPrice\": {\"amount\": -5, \"currency\": \"eur\"},"
                 + " \"initialStock\": -1}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors", hasSize(5)))
                .andExpect(jsonPath("$.errors[*].field").value(containsInAnyOrder(
                        "initialStock", "name", "sku", "unitPrice.amount", "unitPrice.currency")));
        verifyNoInteractions(commandGateway);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            fractional amount    | {"sku": "MUG-001", "name": "Mug", "unitPrice": {"amount": 12.99, "currency": "EUR"}, "initialStock": 1}   | unitPrice.amount
            string for a number  | {"sku": "MUG-001", "name": "Mug", "unitPrice": {"amount": 1, "currency": "EUR"}, "initialStock": "5"}     | initialStock
            number for a string  | {"sku": "MUG-001", "name": 42, "unitPrice": {"amount": 1, "currency": "EUR"}, "initialStock": 1}          | name
            unknown property     | {"sku": "MUG-001", "name": "Mug", "unitPrice": {"amount": 1, "currency": "EUR"}, "initialStock": 1, "colour": "red"} | colour
            unknown nested       | {"sku": "MUG-001", "name": "Mug", "unitPrice": {"amount": 1, "currency": "EUR", "cents": 1}, "initialStock": 1} | unitPrice.cents
            amount out of range  | {"sku": "MUG-001", "name": "Mug", "unitPrice": {"amount": 1, "currency": "EUR"}, "initialStock": 99999999999}  | initialStock
            object for a number  | {"sku": "MUG-001", "name": "Mug", "unitPrice": 5, "initialStock": 1}                                     | unitPrice
            """)
    void refusesABodyOfTheWrongShapeNamingTheFieldAndSendsNothing(String caseName, String body, String field)
            throws Exception {
        assertInvalid(register(body), ProblemTypes.MALFORMED_REQUEST.toString(), field);
        verifyNoInteractions(commandGateway);
    }

    @Test
    void refusesMalformedJsonWithoutQuotingTheParser() throws Exception {
        register("{\"sku\": \"MUG-001\", \"name\": ")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(ProblemTypes.MALFORMED_REQUEST.toString()))
                .andExpect(jsonPath("$.detail").value(not(containsString("io.emporium"))));
        verifyNoInteractions(commandGateway);
    }

    @Test
    void refusesARepeatedKey() throws Exception {
        register(VALID_PRODUCT.replace("\"initialStock\": 25", "\"initialStock\": 25, \"initialStock\": 26"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(ProblemTypes.MALFORMED_REQUEST.toString()));
        verifyNoInteractions(commandGateway);
    }

    @Test
    void refusesAnEmptyBody() throws Exception {
        register("")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(ProblemTypes.MALFORMED_REQUEST.toString()));
        verifyNoInteractions(commandGateway);
    }

    @ParameterizedTest(name = "quantity {0}")
    @CsvSource({"0", "-3", "1000001"})
    void refusesAStockQuantityOutside1ToAMillionAndSendsNothing(String quantity) throws Exception {
        assertInvalid(receiveStock("MUG-001", "{\"quantity\": " + quantity + "}"),
                      ProblemTypes.INVALID_REQUEST.toString(), "quantity");
        verifyNoInteractions(commandGateway);
    }

    @Test
    void refusesAFractionalStockQuantityAndSendsNothing() throws Exception {
        assertInvalid(receiveStock("MUG-001", "{\"quantity\": 2.5}"),
                      ProblemTypes.MALFORMED_REQUEST.toString(), "quantity");
        verifyNoInteractions(commandGateway);
    }

    @Test
    void refusesStockForAMalformedSkuNamingThePathVariable() throws Exception {
        assertInvalid(receiveStock("not a sku", "{\"quantity\": 1}"), ProblemTypes.INVALID_REQUEST.toString(),
                      "sku");
        verifyNoInteractions(commandGateway);
    }

    @Test
    void refusesStockWithoutAQuantityNamingItEvenWhenThePathIsAlsoChecked() throws Exception {
        assertInvalid(receiveStock("MUG-001", "{}"), ProblemTypes.INVALID_REQUEST.toString(), "quantity");
        verifyNoInteractions(commandGateway);
    }
}
