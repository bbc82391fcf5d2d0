package io.emporium.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Holds real answers to what the API description says of their operation: the roles that may call it
 * ({@value #REQUIRED_ROLE}), the statuses it may answer, the one success status, and the headers each answer
 * carries. Every check returns its mismatches as sentences, empty when the answers keep to the document.
 */
final class ContractChecks {

    static final String REQUIRED_ROLE = "x-required-role";
    /** The problem type of a request that security refused for the token's roles. */
    static final String FORBIDDEN = "urn:emporium:problem:forbidden";

    /**
     * One real answer: to {@code method} on the description's {@code path}, with a token of {@code role} (null: no
     * token; "customer operator": both), its status, problem type (if a problem) and headers.
     */
    record Answer(String method, String path, String role, int status, String problemType,
                  Map<String, List<String>> headers) {

        String operation() {
            return method.toUpperCase(Locale.ROOT) + " " + path;
        }

        boolean has(String header) {
            return headers.keySet().stream().anyMatch(name -> name.equalsIgnoreCase(header));
        }
    }

    private ContractChecks() {
    }

    /** Every operation of the document as "METHOD path", with its operation object. */
    static Map<String, JsonNode> operations(JsonNode document) {
        Map<String, JsonNode> operations = new LinkedHashMap<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(
                method -> operations.put(method.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(),
                                         method.getValue())));
        return operations;
    }

    /** The roles the document names for an operation; empty when it names none. */
    static Set<String> roles(JsonNode operation) {
        Set<String> roles = new HashSet<>();
        operation.path(REQUIRED_ROLE).forEach(role -> roles.add(role.asText()));
        return roles;
    }

    /** Whether each answer admitted or refused its token's role as the document says. */
    static List<String> roleMismatches(JsonNode document, List<Answer> answers) {
        return each(document, answers, (answer, operation, found) -> {
            if (answer.role() == null) {
                if (answer.status() != 401) {
                    found.add(answer.operation() + " without a token answered " + answer.status() + ", not 401");
                }
                return;
            }
            Set<String> documented = roles(operation);
            if (documented.isEmpty()) {
                found.add(answer.operation() + " names no " + REQUIRED_ROLE);
                return;
            }
            boolean admitted = answer.status() != 401
                    && !(answer.status() == 403 && FORBIDDEN.equals(answer.problemType()));
            boolean expected = List.of(answer.role().split(" ")).stream().anyMatch(documented::contains);
            if (admitted != expected) {
                found.add(answer.operation() + " with role " + answer.role() + " was " + (admitted ? "admitted" : "refused")
                        + " (" + answer.status() + "), but the document's " + REQUIRED_ROLE + " is " + documented);
            }
        });
    }

    /** Whether each answer's status is one the document lists for its operation. */
    static List<String> statusMismatches(JsonNode document, List<Answer> answers) {
        return each(document, answers, (answer, operation, found) -> {
            JsonNode responses = operation.path("responses");
            if (!responses.has(Integer.toString(answer.status()))) {
                List<String> documented = new ArrayList<>();
                responses.fieldNames().forEachRemaining(documented::add);
                found.add(answer.operation() + " answered " + answer.status() + ", which it does not document "
                        + documented);
            }
        });
    }

    /**
     * Whether each answer carries the headers the document names for its status (but those it carries only
     * sometimes), and no header of the document's components that it does not name there.
     */
    static List<String> headerMismatches(JsonNode document, List<Answer> answers) {
        Set<String> known = new HashSet<>();
        document.path("components").path("headers").fieldNames()
                .forEachRemaining(name -> known.add(name.toLowerCase(Locale.ROOT)));
        return each(document, answers, (answer, operation, found) -> {
            JsonNode response = operation.path("responses").get(Integer.toString(answer.status()));
            if (response == null) {
                return;
            }
            Set<String> documented = new HashSet<>();
            response.path("headers").fieldNames().forEachRemaining(name -> documented.add(name.toLowerCase(Locale.ROOT)));
            for (String header : documented) {
                if (always(header, answer.status()) && !answer.has(header)) {
                    found.add(answer.operation() + " answered " + answer.status() + " without " + header
                            + ", which the document names for it");
                }
            }
            for (String header : answer.headers().keySet()) {
                String name = header.toLowerCase(Locale.ROOT);
                if (known.contains(name) && !documented.contains(name)) {
                    found.add(answer.operation() + " answered " + answer.status() + " with " + header
                            + ", which the document does not name for it");
                }
            }
        });
    }

    /** One check of an answer against its operation in the document, adding its mismatches to {@code found}. */
    private interface Check {
        void apply(Answer answer, JsonNode operation, List<String> found);
    }

    /** Runs {@code check} on every answer whose operation is in the document; one that is not is a mismatch. */
    private static List<String> each(JsonNode document, List<Answer> answers, Check check) {
        List<String> found = new ArrayList<>();
        Map<String, JsonNode> operations = operations(document);
        for (Answer answer : answers) {
            JsonNode operation = operations.get(answer.operation());
            if (operation == null) {
                found.add(answer.operation() + " is not in the document");
            } else {
                check.apply(answer, operation, found);
            }
        }
        return found;
    }

    /**
     * Whether a header the document names for a status must be on every such answer: on a success all but
     * {@code Idempotent-Replayed} (a replay's); on a problem the correlation id, the challenge of a 401 and the
     * {@code Retry-After} of a 429 or 503 (the others depend on where the request was refused: the rate limits are
     * counted only once security let a request through).
     */
    static boolean always(String header, int status) {
        if (status / 100 == 2) {
            return !header.equals("idempotent-replayed");
        }
        return header.equals("x-correlation-id") || status == 401 && header.equals("www-authenticate")
                || (status == 429 || status == 503) && header.equals("retry-after");
    }

    /** The one 2xx status the document names for an operation, or null. */
    static String successStatus(JsonNode operation) {
        List<String> successes = new ArrayList<>();
        operation.path("responses").fieldNames().forEachRemaining(status -> {
            if (status.startsWith("2")) {
                successes.add(status);
            }
        });
        return successes.size() == 1 ? successes.get(0) : null;
    }
}
