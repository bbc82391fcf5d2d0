package io.emporium.edge.apidoc;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The API's OpenAPI 3 description ({@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html}, both public): the
 * endpoints and schemas springdoc reads from the controllers, plus what they cannot show: the bearer token scheme and
 * the role each operation needs, the {@code X-Correlation-Id} header, and the problem answers every operation may
 * give. The committed copy is {@code docs/api/openapi.json}; a test fails when it drifts from the running API.
 */
@Configuration(proxyBeanMethods = false)
public class ApiDescription {

    static final String BEARER = "bearerAuth";
    static final String PROBLEM = "Problem";
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final java.util.Set<String> VERSIONED_READS = java.util.Set.of(
            "/api/orders/{orderId}", "/api/orders/{orderId}/payment", "/api/products/{sku}");

    @Bean
    public OpenAPI emporiumOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Emporium API")
                                .version("1")
                                .description("Orders, products and payments of the Emporium commerce platform. Every "
                                        + "endpoint needs a JWT bearer token (roles customer, operator); every error "
                                        + "is RFC 9457 application/problem+json with a stable type.")
                                .license(new License().name("Apache-2.0")))
                .servers(List.of(new Server().url("/").description("this server")))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .bearerFormat("JWT").description("A token from the configured issuer, for the "
                                        + "configured audience, with the roles claim (customer, operator). The profile "
                                        + "'local' mints one at POST /local/tokens."))
                        .addSchemas(PROBLEM, problemSchema()))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /** Adds to every operation its role, the correlation header and the problem answers it may give. */
    @Bean
    public OpenApiCustomizer emporiumProblemsAndRoles() {
        return openApi -> openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach(
                (method, operation) -> describe(path, method, operation)));
    }

    private static void describe(String path, PathItem.HttpMethod method, Operation operation) {
        String role = roleFor(path, method);
        if (role != null) {
            operation.addExtension("x-required-role", role);
        }
        operation.addParametersItem(new Parameter().in("header").name("X-Correlation-Id").required(false)
                .description("Your id for this request (1-128 of A-Z a-z 0-9 . _ : -); one is created when absent "
                        + "or malformed. Returned on the answer and stored on every event the request causes.")
                .schema(new StringSchema().pattern("^[A-Za-z0-9._:-]{1,128}$")));
        if (path.startsWith("/api/") && method != PathItem.HttpMethod.GET) {
            operation.addParametersItem(new Parameter().in("header").name("Idempotency-Key").required(false)
                    .description("Your key for this request (1-255 visible ASCII): a repeat of the same request with "
                            + "the same key gets the first answer again (Idempotent-Replayed: true) instead of acting "
                            + "twice; the key with another request is refused 422, a repeat while the first is served "
                            + "409. Kept 24 h.")
                    .schema(new StringSchema().pattern("^[\\x21-\\x7E]{1,255}$")));
        }
        ApiResponses responses = operation.getResponses();
        if (method == PathItem.HttpMethod.GET && VERSIONED_READS.contains(path) && responses.get("200") != null) {
            responses.get("200").addHeaderObject("ETag", new Header().schema(new StringSchema())
                    .description("The aggregate's version, \"n\": send it as If-Match with a command on it"));
        }
        if (operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(parameter -> "If-Match".equals(parameter.getName()))) {
            problem(responses, "412", "If-Match named a version the aggregate is no longer at");
        }
        problem(responses, "400", "Invalid or malformed request: errors names each field");
        problem(responses, "401", "No valid bearer token (WWW-Authenticate says why)");
        problem(responses, "403", "The token's roles, or ownership of the resource, do not allow this");
        problem(responses, "406", "The Accept header excludes every type the endpoint answers with");
        problem(responses, "429", "Too many requests from this client (Retry-After, RateLimit-* headers)");
        problem(responses, "500", "Unexpected failure; errorId matches the server log");
        problem(responses, "503", "No decision or answer in time, or no handler connected (Retry-After)");
        if (path.contains("{")) {
            problem(responses, "404", "No such product, order, payment, projection or dead-letter group");
        }
        if (method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.PUT) {
            problem(responses, "413", "Request body above the size limit");
            problem(responses, "415", "The body is not application/json");
        }
        if (path.startsWith("/api/") && method != PathItem.HttpMethod.GET) {
            problem(responses, "409", "Refused: contradicts the aggregate's state, a concurrent change, or the first "
                    + "request with this Idempotency-Key is still being served");
            problem(responses, "422", "Refused: breaks a business rule (code says which), or the Idempotency-Key was "
                    + "used for another request");
        }
    }

    static String roleFor(String path, PathItem.HttpMethod method) {
        if (path.startsWith("/api/admin/")) {
            return "operator";
        }
        if (path.startsWith("/api/orders")) {
            return method == PathItem.HttpMethod.GET ? "customer (own orders) or operator" : "customer (own orders)";
        }
        if (path.startsWith("/api/products")) {
            return method == PathItem.HttpMethod.GET ? "customer or operator" : "operator";
        }
        if (path.startsWith("/api/payments")) {
            return "operator";
        }
        return null;
    }

    private static void problem(ApiResponses responses, String status, String description) {
        if (responses.containsKey(status)) {
            return;
        }
        ApiResponse response = new ApiResponse().description(description).content(new Content().addMediaType(
                PROBLEM_JSON, new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
        if ("429".equals(status) || "503".equals(status)) {
            response.addHeaderObject("Retry-After", new Header().description("Seconds to wait before retrying")
                                                                .schema(new IntegerSchema()));
        }
        responses.addApiResponse(status, response);
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema<?> problemSchema() {
        ObjectSchema error = new ObjectSchema();
        error.setProperties((Map) Map.of("field", new StringSchema(), "message", new StringSchema()));
        ObjectSchema problem = new ObjectSchema();
        problem.setDescription("RFC 9457 problem details; type is a stable urn:emporium:problem:* name");
        problem.setProperties((Map) new java.util.TreeMap<>(Map.of(
                "type", new StringSchema().example("urn:emporium:problem:invalid-request"),
                "title", new StringSchema(),
                "status", new IntegerSchema(),
                "detail", new StringSchema(),
                "instance", new StringSchema(),
                "errors", new ArraySchema().items(error).description("invalid fields (400)"),
                "code", new StringSchema().description("refusal code (403, 404, 409, 422 from an aggregate)"),
                "kind", new StringSchema().description("refusal kind"),
                "errorId", new StringSchema().description("500: the id in the server log"),
                "retryAfterSeconds", new IntegerSchema().description("429: when to retry"))));
        problem.setRequired(List.of("type", "title", "status"));
        return problem;
    }
}
