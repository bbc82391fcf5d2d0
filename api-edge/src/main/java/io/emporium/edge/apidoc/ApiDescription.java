package io.emporium.edge.apidoc;

import io.emporium.edge.security.ApiAccess;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The API's OpenAPI 3 description ({@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html}, both public): the
 * endpoints and schemas springdoc reads from the controllers (their {@code @ResponseStatus} is the success code,
 * their constraints the schemas' keywords, see {@link ConstraintKeywords}), plus what they cannot show: the bearer
 * token scheme and the roles each operation needs (from {@link ApiAccess}, the rules security enforces), the request
 * and response headers the filters read and write, and the problem answers every operation may give, each a
 * {@value #PROBLEM} of {@code application/problem+json}. The committed copy is {@code docs/api/openapi.json}; tests
 * fail when it drifts from the running API, when a linter finds fault with it, and when an operation answers
 * otherwise than it says (decision 0051).
 */
@Configuration(proxyBeanMethods = false)
@Import(ConstraintKeywords.class)
public class ApiDescription {

    static final String BEARER = "bearerAuth";
    static final String PROBLEM = "Problem";
    /** Which roles an operation needs: a caller needs one of them. */
    public static final String REQUIRED_ROLE = "x-required-role";
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String HEADERS = "#/components/headers/";
    private static final Set<String> VERSIONED_READS = Set.of(
            "/api/orders/{orderId}", "/api/orders/{orderId}/payment", "/api/products/{sku}");

    static {
        // A stream of server-sent events is text, not the emitter's Java properties.
        SpringDocUtils.getConfig().replaceWithSchema(SseEmitter.class, new StringSchema()
                .description("text/event-stream: named events, each data line one JSON document"));
    }

    @Bean
    public OpenAPI emporiumOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Emporium API")
                                .version("1")
                                .description("Orders, products and payments of the Emporium commerce platform. Every "
                                        + "endpoint needs a JWT bearer token (roles customer, operator; "
                                        + REQUIRED_ROLE + " lists the roles of which an operation needs one); every "
                                        + "error is RFC 9457 application/problem+json with a stable type.")
                                .license(new License().name("Apache-2.0")
                                                      .url("https://www.apache.org/licenses/LICENSE-2.0")))
                .servers(List.of(new Server().url("/").description("this server")))
                .tags(ApiTags.all())
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .bearerFormat("JWT").description("A token from the configured issuer, for the "
                                        + "configured audience, with the roles claim (customer, operator). The profile "
                                        + "'local' mints one at POST /local/tokens.")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /** Adds the problem schema, the headers, and to every operation its roles, headers and problem answers. */
    @Bean
    public OpenApiCustomizer emporiumProblemsAndRoles() {
        return openApi -> {
            Components components = openApi.getComponents();
            components.addSchemas(PROBLEM, problemSchema());
            headers().forEach(components::addHeaders);
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach(
                    (method, operation) -> describe(path, method, operation)));
        };
    }

    private static void describe(String path, PathItem.HttpMethod method, Operation operation) {
        List<String> roles = rolesFor(path, method);
        if (roles != null) {
            operation.addExtension(REQUIRED_ROLE, roles);
        }
        operation.addParametersItem(new Parameter().in("header").name("X-Correlation-Id").required(false)
                .description("Your id for this request (1-128 of A-Z a-z 0-9 . _ : -); one is created when absent "
                        + "or malformed. Returned on the answer and stored on every event the request causes.")
                .schema(new StringSchema().pattern("^[A-Za-z0-9._:-]{1,128}$")));
        boolean command = path.startsWith("/api/") && method != PathItem.HttpMethod.GET;
        if (command) {
            operation.addParametersItem(new Parameter().in("header").name("Idempotency-Key").required(false)
                    .description("Your key for this request (1-255 visible ASCII): a repeat of the same request with "
                            + "the same key gets the first answer again (Idempotent-Replayed: true) instead of acting "
                            + "twice; the key with another request is refused 422, a repeat while the first is served "
                            + "409. Kept 24 h.")
                    .schema(new StringSchema().pattern("^[\\x21-\\x7E]{1,255}$")));
        }
        ApiResponses responses = operation.getResponses();
        responses.forEach((status, response) -> {
            if (status.startsWith("2")) {
                if (command) {
                    header(response, "Idempotent-Replayed");
                }
                if ("201".equals(status) || "202".equals(status)) {
                    header(response, "Location");
                }
                if (method == PathItem.HttpMethod.GET && VERSIONED_READS.contains(path)) {
                    header(response, "ETag");
                }
            }
        });
        if (operation.getParameters().stream().anyMatch(parameter -> "If-Match".equals(parameter.getName()))) {
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
        if (operation.getRequestBody() != null) {
            problem(responses, "413", "Request body above the size limit");
            problem(responses, "415", "The body is not application/json");
        }
        if (command) {
            problem(responses, "409", "Refused: contradicts the aggregate's state, a concurrent change, or the first "
                    + "request with this Idempotency-Key is still being served (Retry-After)");
            problem(responses, "422", "Refused: breaks a business rule (code says which), or the Idempotency-Key was "
                    + "used for another request");
        }
        responses.forEach((status, response) -> {
            header(response, "X-Correlation-Id");
            // Requests are counted once security let them through: a 401 never carries the limits, a 403 only when
            // the resource's owner, not the token's roles, refused it.
            if (path.startsWith("/api/") && !"401".equals(status)) {
                header(response, "RateLimit-Limit");
                header(response, "RateLimit-Remaining");
                header(response, "RateLimit-Reset");
            }
            if ("401".equals(status) || "403".equals(status)) {
                header(response, "WWW-Authenticate");
            }
            if ("409".equals(status) || "429".equals(status) || "503".equals(status)) {
                header(response, "Retry-After");
            }
        });
    }

    /** The roles of which a caller of {@code method} on the path template {@code path} needs one, or null. */
    static List<String> rolesFor(String path, PathItem.HttpMethod method) {
        String concrete = path.replaceAll("\\{[^}/]+}", "x");
        return ApiAccess.rolesFor(HttpMethod.valueOf(method.name()), concrete).orElse(null);
    }

    private static void header(ApiResponse response, String name) {
        response.addHeaderObject(name, new Header().$ref(HEADERS + name));
    }

    private static void problem(ApiResponses responses, String status, String description) {
        if (responses.containsKey(status)) {
            return;
        }
        responses.addApiResponse(status, new ApiResponse().description(description).content(new Content()
                .addMediaType(PROBLEM_JSON, new MediaType().schema(new Schema<>().$ref(
                        "#/components/schemas/" + PROBLEM)))));
    }

    /** The response headers the edge's filters and controllers write, each once under components. */
    static Map<String, Header> headers() {
        Map<String, Header> headers = new LinkedHashMap<>();
        headers.put("X-Correlation-Id", new Header().description("The request's correlation id: yours when "
                + "well-formed, else a new one; on every event the request causes").schema(new StringSchema()));
        headers.put("RateLimit-Limit", new Header().description("Requests this client may make in the limit's "
                + "period (queries, commands and admin requests are counted apart); on every answer to a request "
                + "that security let through, while rate limiting is on")
                .schema(new IntegerSchema().minimum(java.math.BigDecimal.ZERO)));
        headers.put("RateLimit-Remaining", new Header().description("Requests left in the current period")
                .schema(new IntegerSchema().minimum(java.math.BigDecimal.ZERO)));
        headers.put("RateLimit-Reset", new Header().description("Seconds until the allowance is full again")
                .schema(new IntegerSchema().minimum(java.math.BigDecimal.ZERO)));
        headers.put("Retry-After", new Header().description("Seconds to wait before repeating the request")
                .schema(new IntegerSchema().minimum(java.math.BigDecimal.ONE)));
        headers.put("ETag", new Header().description("The aggregate's version, \"n\": send it as If-Match with a "
                + "command on it").schema(new StringSchema().pattern("^\"[0-9]+\"$")));
        headers.put("Location", new Header().description("Where to read what the request created or started")
                .schema(new StringSchema().format("uri-reference")));
        headers.put("Idempotent-Replayed", new Header().description("true when this is the stored answer to an "
                + "earlier request with the same Idempotency-Key").schema(new BooleanSchema()));
        headers.put("WWW-Authenticate", new Header().description("The bearer challenge: on a 401 why the token was "
                + "refused, on a 403 of the token's roles insufficient_scope").schema(new StringSchema()));
        return headers;
    }

    /** RFC 9457's members, and the extension members the edge adds to some problems. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    static Schema<?> problemSchema() {
        ObjectSchema error = new ObjectSchema();
        error.setProperties((Map) new LinkedHashMap<>(Map.of(
                "field", new StringSchema().description("path into the request as written (lines[0].quantity), or "
                        + "a parameter's name"),
                "message", new StringSchema())));
        error.setRequired(List.of("field", "message"));
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("type", new StringSchema().format("uri-reference").description("A stable name of the "
                + "problem, urn:emporium:problem:*, urn:emporium:problem:refused:<code> for a refusal")
                .example("urn:emporium:problem:invalid-request"));
        properties.put("title", new StringSchema().description("Short summary of the problem type"));
        properties.put("status", new IntegerSchema().minimum(java.math.BigDecimal.valueOf(100))
                .maximum(java.math.BigDecimal.valueOf(599)).description("The HTTP status code"));
        properties.put("detail", new StringSchema().description("This occurrence, for a person"));
        properties.put("instance", new StringSchema().format("uri-reference").description("The request's path"));
        properties.put("errors", new ArraySchema().items(error).description("400: each invalid field"));
        properties.put("code", new StringSchema().description("A refusal's stable code (403, 404, 409, 422 from an "
                + "aggregate)"));
        properties.put("kind", new StringSchema().description("A refusal's kind"));
        properties.put("errorId", new StringSchema().description("500: the id in the server log"));
        properties.put("retryAfterSeconds", new IntegerSchema().description("429: seconds until a retry may pass"));
        properties.put("maxBytes", new IntegerSchema().format("int64").description("413: the largest body accepted"));
        properties.put("supported", new StringSchema().description("415: the media type the body must have"));
        ObjectSchema problem = new ObjectSchema();
        problem.setDescription("RFC 9457 problem details with the edge's extension members");
        problem.setProperties((Map) properties);
        problem.setRequired(List.of("type", "title", "status"));
        return problem;
    }
}
