package io.emporium.edge.security;

import io.emporium.messages.common.Caller;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The roles each API route needs, written once: {@link EdgeSecurity} grants requests by these rules, in this order,
 * and the API description publishes them as each operation's {@code x-required-role}. A test calls every operation
 * of the description with a token of each role and checks that the answers agree.
 */
public final class ApiAccess {

    /** One rule: requests of {@code method} (any method when null) to one of {@code patterns} need one of {@code roles}. */
    public record Rule(HttpMethod method, List<String> patterns, List<String> roles) {

        boolean matches(HttpMethod requestMethod, String path) {
            return (method == null || method.equals(requestMethod)) && patterns.stream().anyMatch(pattern -> {
                PathPattern parsed = PathPatternParser.defaultInstance.parse(pattern);
                return parsed.matches(PathContainer.parsePath(path));
            });
        }
    }

    /** The rules of {@code /api/**}, first match wins; any other authenticated request passes security. */
    public static final List<Rule> RULES = List.of(
            new Rule(null, List.of("/api/admin/**"), List.of(Caller.OPERATOR)),
            new Rule(HttpMethod.POST, List.of("/api/products", "/api/products/*/stock", "/api/payments/*/refunds"),
                     List.of(Caller.OPERATOR)),
            new Rule(HttpMethod.POST, List.of("/api/orders", "/api/orders/*/cancel"), List.of(Caller.CUSTOMER)),
            new Rule(HttpMethod.GET, List.of("/api/orders", "/api/orders/**", "/api/products", "/api/products/**"),
                     List.of(Caller.CUSTOMER, Caller.OPERATOR)));

    private ApiAccess() {
    }

    /**
     * The roles of which a caller needs one for {@code method} on {@code path} (a concrete path: an OpenAPI path
     * template's variables replaced by values), or empty when no rule names the route.
     */
    public static Optional<List<String>> rolesFor(HttpMethod method, String path) {
        return RULES.stream().filter(rule -> rule.matches(method, path)).findFirst().map(Rule::roles);
    }
}
