package io.emporium.edge.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.emporium.edge.problem.ProblemTypes;
import io.emporium.edge.problem.ProblemWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * The 401 and 403 answers of Spring Security's filters as {@code application/problem+json}. Spring Security's
 * bearer token handlers write the status and the {@code WWW-Authenticate} header RFC 6750 asks for; this adds
 * the body, which says why without echoing the token.
 */
final class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final BearerTokenAuthenticationEntryPoint bearerEntryPoint = new BearerTokenAuthenticationEntryPoint();
    private final BearerTokenAccessDeniedHandler bearerAccessDenied = new BearerTokenAccessDeniedHandler();
    private final ProblemWriter problems;

    SecurityProblems(ObjectMapper json) {
        this.problems = new ProblemWriter(json);
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        bearerEntryPoint.commence(request, response, failure);
        String detail = failure instanceof OAuth2AuthenticationException oauth
                && oauth.getError().getDescription() != null
                ? oauth.getError().getDescription()
                : "This endpoint needs a bearer token: send 'Authorization: Bearer <token>'.";
        write(response, request, HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHENTICATED, "Not authenticated", detail);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        bearerAccessDenied.handle(request, response, denied);
        write(response, request, HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden",
              "The token's roles do not allow " + request.getMethod() + " " + request.getRequestURI() + ".");
    }

    private void write(HttpServletResponse response, HttpServletRequest request, HttpStatus status, URI type,
                       String title, String detail) throws IOException {
        problems.write(request, response, status, type, title, detail, java.util.Map.of());
    }
}
