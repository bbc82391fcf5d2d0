package io.emporium.edge.problem;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The {@code type} URIs of the edge's problem answers. They are names, not addresses (URNs, nothing to
 * fetch), and stable: a client may switch on them. Every error the edge answers has one, the plain HTTP ones
 * included.
 *
 * <table>
 *   <caption>Problem types</caption>
 *   <tr><th>type</th><th>status</th><th>when</th></tr>
 *   <tr><td>{@code urn:emporium:problem:invalid-request}</td><td>400</td>
 *       <td>the request was read but breaks a rule; {@code errors} lists {@code {field, message}}</td></tr>
 *   <tr><td>{@code urn:emporium:problem:malformed-request}</td><td>400</td>
 *       <td>the body is not JSON of the expected shape (syntax, wrong type, unknown property); {@code errors}
 *       names the field where it is known</td></tr>
 *   <tr><td>{@code urn:emporium:problem:unauthenticated}</td><td>401</td>
 *       <td>no bearer token, or one that is malformed, badly signed, expired, not yet valid, from another issuer or
 *       for another audience; {@code WWW-Authenticate} says which</td></tr>
 *   <tr><td>{@code urn:emporium:problem:forbidden}</td><td>403</td>
 *       <td>the token is valid but its roles do not allow the endpoint, or the resource belongs to another
 *       customer, or the body names a customer other than the caller</td></tr>
 *   <tr><td>{@code urn:emporium:problem:refused:<code>}</td><td>403, 404, 409, 422</td>
 *       <td>an aggregate refused the command; {@code code} and {@code kind} properties repeat the refusal</td></tr>
 *   <tr><td>{@code urn:emporium:problem:not-found}</td><td>404</td>
 *       <td>no product, order, payment or event stream with that id</td></tr>
 *   <tr><td>{@code urn:emporium:problem:no-such-endpoint}</td><td>404</td>
 *       <td>no endpoint at that path (an unknown route, as opposed to an unknown product or order)</td></tr>
 *   <tr><td>{@code urn:emporium:problem:method-not-allowed}</td><td>405</td>
 *       <td>the path exists but not for that method; {@code Allow} lists the methods it has</td></tr>
 *   <tr><td>{@code urn:emporium:problem:not-acceptable}</td><td>406</td>
 *       <td>the {@code Accept} header excludes every type the endpoint answers with (this answer is
 *       problem+json all the same)</td></tr>
 *   <tr><td>{@code urn:emporium:problem:payload-too-large}</td><td>413</td>
 *       <td>the body is larger than {@code emporium.edge.limits.max-request-body}; {@code maxBytes} says how large
 *       it may be</td></tr>
 *   <tr><td>{@code urn:emporium:problem:unsupported-media-type}</td><td>415</td>
 *       <td>the body's {@code Content-Type} is not {@code application/json}</td></tr>
 *   <tr><td>{@code urn:emporium:problem:rate-limited}</td><td>429</td>
 *       <td>the client used up its requests of that endpoint group; {@code Retry-After} and
 *       {@code retryAfterSeconds} say when to try again</td></tr>
 *   <tr><td>{@code urn:emporium:problem:idempotency-key-reused}</td><td>422</td>
 *       <td>the {@code Idempotency-Key} was used before for another request (method, path or body)</td></tr>
 *   <tr><td>{@code urn:emporium:problem:idempotency-key-in-progress}</td><td>409</td>
 *       <td>the first request with that key is still being served ({@code Retry-After} set)</td></tr>
 *   <tr><td>{@code urn:emporium:problem:precondition-failed}</td><td>412</td>
 *       <td>{@code If-Match} named a version the aggregate is no longer at (or a weak tag); read it again</td></tr>
 *   <tr><td>{@code urn:emporium:problem:concurrent-modification}</td><td>409</td>
 *       <td>another command changed or created the same aggregate at the same moment; retrying is safe</td></tr>
 *   <tr><td>{@code urn:emporium:problem:command-timeout}</td><td>503</td>
 *       <td>no decision in time ({@code Retry-After} set); the command may still take effect</td></tr>
 *   <tr><td>{@code urn:emporium:problem:query-timeout}</td><td>503</td>
 *       <td>a query was not answered in time ({@code Retry-After} set)</td></tr>
 *   <tr><td>{@code urn:emporium:problem:unavailable}</td><td>503</td>
 *       <td>no handler for the command or query is connected right now ({@code Retry-After} set)</td></tr>
 *   <tr><td>{@code urn:emporium:problem:internal-error}</td><td>500</td>
 *       <td>anything else; {@code errorId} matches the server log, nothing else is disclosed</td></tr>
 * </table>
 */
public final class ProblemTypes {

    private static final String PREFIX = "urn:emporium:problem:";

    public static final URI INVALID_REQUEST = URI.create(PREFIX + "invalid-request");
    public static final URI MALFORMED_REQUEST = URI.create(PREFIX + "malformed-request");
    public static final URI NOT_FOUND = URI.create(PREFIX + "not-found");
    public static final URI NO_SUCH_ENDPOINT = URI.create(PREFIX + "no-such-endpoint");
    public static final URI METHOD_NOT_ALLOWED = URI.create(PREFIX + "method-not-allowed");
    public static final URI NOT_ACCEPTABLE = URI.create(PREFIX + "not-acceptable");
    public static final URI PAYLOAD_TOO_LARGE = URI.create(PREFIX + "payload-too-large");
    public static final URI UNSUPPORTED_MEDIA_TYPE = URI.create(PREFIX + "unsupported-media-type");
    public static final URI RATE_LIMITED = URI.create(PREFIX + "rate-limited");
    public static final URI PRECONDITION_FAILED = URI.create(PREFIX + "precondition-failed");
    public static final URI IDEMPOTENCY_KEY_REUSED = URI.create(PREFIX + "idempotency-key-reused");
    public static final URI IDEMPOTENCY_KEY_IN_PROGRESS = URI.create(PREFIX + "idempotency-key-in-progress");
    public static final URI UNAUTHENTICATED = URI.create(PREFIX + "unauthenticated");
    public static final URI FORBIDDEN = URI.create(PREFIX + "forbidden");
    public static final URI CONCURRENT_MODIFICATION = URI.create(PREFIX + "concurrent-modification");
    public static final URI COMMAND_TIMEOUT = URI.create(PREFIX + "command-timeout");
    public static final URI QUERY_TIMEOUT = URI.create(PREFIX + "query-timeout");
    public static final URI UNAVAILABLE = URI.create(PREFIX + "unavailable");
    public static final URI INTERNAL_ERROR = URI.create(PREFIX + "internal-error");

    /** Prefix of a refusal's type; the refusal code follows it. */
    public static final String REFUSED_PREFIX = PREFIX + "refused:";

    private ProblemTypes() {
    }

    /**
     * The type of a plain HTTP error that has no more specific one: what Spring MVC, Spring Security's firewall and
     * the servlet container answer for an unknown route, method or media type, or a request they could not parse.
     */
    public static URI ofStatus(int status) {
        return switch (status) {
            case 401 -> UNAUTHENTICATED;
            case 403 -> FORBIDDEN;
            case 404 -> NO_SUCH_ENDPOINT;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 412 -> PRECONDITION_FAILED;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> RATE_LIMITED;
            case 503 -> UNAVAILABLE;
            default -> status >= 500 ? INTERNAL_ERROR : INVALID_REQUEST;
        };
    }

    /** The type of a refusal with the given code, e.g. {@code urn:emporium:problem:refused:order-id-already-used}. */
    public static URI refused(String code) {
        return URI.create(REFUSED_PREFIX + URLEncoder.encode(code, StandardCharsets.UTF_8));
    }
}
