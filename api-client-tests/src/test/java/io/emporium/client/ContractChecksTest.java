package io.emporium.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emporium.client.ContractChecks.Answer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each check of {@link ContractChecks} catches a fixture document that says otherwise than the answers. */
class ContractChecksTest {

    private static final String DOCUMENT = """
            {"paths": {"/api/things/{id}": {"post": {
                "x-required-role": ["operator"],
                "responses": {
                  "202": {"headers": {"Location": {}, "X-Correlation-Id": {}, "Idempotent-Replayed": {}}},
                  "401": {"headers": {"X-Correlation-Id": {}}},
                  "403": {"headers": {"X-Correlation-Id": {}}},
                  "404": {"headers": {"X-Correlation-Id": {}}}}}}},
             "components": {"headers": {"Location": {}, "X-Correlation-Id": {}, "Idempotent-Replayed": {},
                                        "ETag": {}}}}
            """;

    private static final Map<String, List<String>> PLAIN = Map.of("X-Correlation-Id", List.of("c1"));
    private static final Map<String, List<String>> ACCEPTED = Map.of("X-Correlation-Id", List.of("c1"),
                                                                     "Location", List.of("/api/things/1"));

    private static JsonNode document(String replace, String with) throws Exception {
        return new ObjectMapper().readTree(DOCUMENT.replace(replace, with));
    }

    private static Answer answer(String role, int status, String type, Map<String, List<String>> headers) {
        return new Answer("post", "/api/things/{id}", role, status, type, headers);
    }

    private static final List<Answer> TRUE_TO_THE_DOCUMENT = List.of(
            answer(null, 401, "urn:emporium:problem:unauthenticated", PLAIN),
            answer("customer", 403, ContractChecks.FORBIDDEN, PLAIN),
            answer("operator", 404, "urn:emporium:problem:not-found", PLAIN),
            answer("customer operator", 202, null, ACCEPTED));

    @Test
    void answersTrueToTheDocumentShowNoMismatch() throws Exception {
        JsonNode document = document("", "");
        assertThat(ContractChecks.roleMismatches(document, TRUE_TO_THE_DOCUMENT)).isEmpty();
        assertThat(ContractChecks.statusMismatches(document, TRUE_TO_THE_DOCUMENT)).isEmpty();
        assertThat(ContractChecks.headerMismatches(document, TRUE_TO_THE_DOCUMENT)).isEmpty();
    }

    @Test
    void aWrongRoleIsCaught() throws Exception {
        JsonNode document = document("[\"operator\"]", "[\"customer\"]");
        assertThat(ContractChecks.roleMismatches(document, TRUE_TO_THE_DOCUMENT)).containsExactly(
                "POST /api/things/{id} with role customer was refused (403), but the document's x-required-role is "
                        + "[customer]",
                "POST /api/things/{id} with role operator was admitted (404), but the document's x-required-role is "
                        + "[customer]");
    }

    @Test
    void aMissingRoleAndAnOpenOperationAreCaught() throws Exception {
        JsonNode document = document("\"x-required-role\": [\"operator\"],", "");
        assertThat(ContractChecks.roleMismatches(document, List.of(answer("operator", 404, null, PLAIN),
                                                                   answer(null, 200, null, PLAIN))))
                .containsExactly("POST /api/things/{id} names no x-required-role",
                                 "POST /api/things/{id} without a token answered 200, not 401");
    }

    @Test
    void aWrongSuccessStatusIsCaught() throws Exception {
        JsonNode document = document("\"202\"", "\"200\"");
        assertThat(ContractChecks.statusMismatches(document, TRUE_TO_THE_DOCUMENT)).containsExactly(
                "POST /api/things/{id} answered 202, which it does not document [200, 401, 403, 404]");
        assertThat(ContractChecks.successStatus(document.at("/paths/~1api~1things~1{id}/post"))).isEqualTo("200");
    }

    @Test
    void aMissingAndAnUndocumentedHeaderAreCaught() throws Exception {
        JsonNode document = document("\"Location\": {}, \"X-Correlation-Id\": {}, \"Idempotent-Replayed\": {}}}",
                                     "\"ETag\": {}, \"X-Correlation-Id\": {}, \"Idempotent-Replayed\": {}}}");
        assertThat(ContractChecks.headerMismatches(document, TRUE_TO_THE_DOCUMENT)).containsExactlyInAnyOrder(
                "POST /api/things/{id} answered 202 without etag, which the document names for it",
                "POST /api/things/{id} answered 202 with Location, which the document does not name for it");
    }

    @Test
    void anOperationMissingFromTheDocumentIsCaught() throws Exception {
        Answer elsewhere = new Answer("get", "/api/other", "operator", 200, null, PLAIN);
        assertThat(ContractChecks.statusMismatches(document("", ""), List.of(elsewhere)))
                .containsExactly("GET /api/other is not in the document");
    }
}
