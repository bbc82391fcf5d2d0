package io.emporium.edge.security;

import io.emporium.messages.common.Caller;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** The caller of the request being served, as its bearer token names it. */
public final class Callers {

    private Callers() {
    }

    /**
     * The current request's caller: the token's subject and the roles it grants. Throws when there is none,
     * which only happens on a path security lets through unauthenticated; no controller serves such a path.
     */
    public static Caller current() {
        return fromContext().orElseThrow(() -> new IllegalStateException("no authenticated caller"));
    }

    /** The caller, if the current thread serves an authenticated request. */
    static Optional<Caller> fromContext() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof JwtAuthenticationToken token) || !token.isAuthenticated()) {
            return Optional.empty();
        }
        Set<String> roles = token.getAuthorities().stream()
                                 .map(authority -> authority.getAuthority())
                                 .filter(name -> name.startsWith(RoleClaimConverter.AUTHORITY_PREFIX))
                                 .map(name -> name.substring(RoleClaimConverter.AUTHORITY_PREFIX.length()))
                                 .collect(Collectors.toSet());
        return Optional.of(new Caller(token.getName(), roles));
    }
}
