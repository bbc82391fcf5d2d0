package io.emporium.edge.security;

import io.emporium.messages.common.Caller;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Reads the caller's roles from the token's roles claim (a JSON list, or a space-separated string as OAuth scopes
 * are written) into authorities {@code ROLE_customer} and {@code ROLE_operator}. Other roles are ignored, and so
 * is {@code system}: no token makes its bearer a platform component.
 * <p>
 * The claim is named by its top-level name ({@code roles}, or a URI such as Auth0's namespaced claims, dots
 * included), or, when no top-level claim has that name, by a path of dot-separated names into nested JSON objects:
 * {@code realm_access.roles} is where Keycloak puts a user's realm roles.
 */
final class RoleClaimConverter implements Converter<Jwt, Collection<GrantedAuthority>> {

    static final Set<String> TOKEN_ROLES = Set.of(Caller.CUSTOMER, Caller.OPERATOR);
    static final String AUTHORITY_PREFIX = "ROLE_";

    private final String claim;

    RoleClaimConverter(String claim) {
        this.claim = claim;
    }

    @Override
    public Collection<GrantedAuthority> convert(Jwt jwt) {
        Object value = claimValue(jwt.getClaims());
        List<String> roles;
        if (value instanceof Collection<?> list) {
            roles = list.stream().map(String::valueOf).toList();
        } else if (value instanceof String text) {
            roles = Arrays.asList(text.trim().split("\\s+"));
        } else {
            roles = List.of();
        }
        return roles.stream()
                    .map(String::trim)
                    .filter(TOKEN_ROLES::contains)
                    .distinct()
                    .<GrantedAuthority>map(role -> new SimpleGrantedAuthority(AUTHORITY_PREFIX + role))
                    .toList();
    }

    private Object claimValue(Map<String, Object> claims) {
        if (claims.containsKey(claim) || !claim.contains(".")) {
            return claims.get(claim);
        }
        Object value = claims;
        for (String name : claim.split("\\.")) {
            if (!(value instanceof Map<?, ?> object)) {
                return null;
            }
            value = object.get(name);
        }
        return value;
    }
}
