package io.emporium.edge.limits;

import io.emporium.edge.problem.ProblemTypes;
import io.emporium.edge.problem.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 415 problem+json for a request whose {@code Content-Type} is a media range ({@code *}{@code /*},
 * {@code application/*}) rather than one media type. Spring MVC refuses such a header only where an endpoint
 * declares what it consumes; where a body is optional (cancelling an order) it fails while reading the headers
 * with an {@link IllegalArgumentException}, which would answer 500. A header that does not parse is left to Spring
 * MVC, which answers it 415 itself.
 */
public final class ConcreteContentTypeFilter extends OncePerRequestFilter {

    private final ProblemWriter problems;

    public ConcreteContentTypeFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getContentType();
        if (contentType != null && isRange(contentType)) {
            problems.write(request, response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, ProblemTypes.UNSUPPORTED_MEDIA_TYPE,
                           "Unsupported media type",
                           "Content-Type must name one media type, such as application/json, not a range: "
                                   + MediaType.APPLICATION_JSON_VALUE + " is what this API reads.",
                           Map.of("supported", MediaType.APPLICATION_JSON_VALUE));
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean isRange(String contentType) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.isWildcardType() || type.isWildcardSubtype();
        } catch (InvalidMediaTypeException unparseable) {
            return false;
        }
    }
}
