package io.emporium.edge.security;

import io.emporium.edge.problem.ProblemTypes;
import io.emporium.edge.problem.ProblemWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * The answer to a request Spring Security's firewall ({@code StrictHttpFirewall}) rejects: a method it does not
 * know (405), or a path or header with characters it refuses, such as an encoded slash, a NUL or a control
 * character (400). Written here as problem+json: Spring Security's default handler sends the status to the
 * container's error page, whose dispatch the firewall rejects again, so the client got an empty or HTML body.
 */
final class FirewallProblems implements RequestRejectedHandler {

    /** The methods {@code StrictHttpFirewall} lets through by default; any other is rejected as a method. */
    private static final Set<String> KNOWN_METHODS = Set.of("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST",
                                                            "PUT");

    private final ProblemWriter problems;

    FirewallProblems(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response,
                       RequestRejectedException rejected) throws IOException {
        response.reset();
        if (!KNOWN_METHODS.contains(request.getMethod())) {
            response.setHeader("Allow", String.join(", ", KNOWN_METHODS.stream().sorted().toList()));
            problems.write(request, response, HttpStatus.METHOD_NOT_ALLOWED, ProblemTypes.METHOD_NOT_ALLOWED,
                           "Method not allowed", "The HTTP method is not one the edge serves.", Map.of());
            return;
        }
        problems.write(request, response, HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Request rejected",
                       "The request's path or headers hold characters or sequences the edge does not accept"
                               + " (an encoded slash, backslash, percent sign or dot segment, a NUL or other"
                               + " control character).", Map.of());
    }
}
