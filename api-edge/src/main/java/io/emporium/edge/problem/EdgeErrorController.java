package io.emporium.edge.problem;

import io.emporium.edge.EdgeProperties;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The answer to errors that never reached a controller: the servlet container's (a request it could not parse)
 * and exceptions thrown by filters, forwarded to {@code /error}. Replaces Spring Boot's default error body with
 * problem+json of a stable type, and discloses nothing of the failure but an {@code errorId} for the log. A client
 * that asks for {@code /error} itself is told there is no such endpoint; it is not part of the API description.
 * The mapping names no media type, so that an {@code Accept} the edge cannot parse still gets this answer.
 */
@Hidden
@RestController
public class EdgeErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(EdgeErrorController.class);

    private final EdgeProperties properties;

    public EdgeErrorController(EdgeProperties properties) {
        this.properties = properties;
    }

    @RequestMapping(path = "/error")
    public ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        HttpStatus status;
        if (code == null) {
            // not an error dispatch: a client asked for /error
            status = HttpStatus.NOT_FOUND;
            path = request.getRequestURI();
        } else {
            status = code instanceof Integer value && HttpStatus.resolve(value) != null
                    ? HttpStatus.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
        }
        Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (status.is5xxServerError() && failure instanceof Throwable thrown && StoreUnavailable.causes(thrown)) {
            // a filter (the idempotency key's claim) met the database away: a moment's outage, not a fault
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                    "The platform's database cannot be reached right now; repeat the request later.");
            problem.setInstance(ProblemWriter.instance(path == null ? null : path.toString()));
            problem.setType(ProblemTypes.UNAVAILABLE);
            problem.setTitle("Service unavailable");
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                                 .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, properties.retryAfter().toSeconds())))
                                 .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setInstance(ProblemWriter.instance(path == null ? null : path.toString()));
        problem.setType(ProblemTypes.ofStatus(status.value()));
        if (status.is5xxServerError()) {
            String errorId = UUID.randomUUID().toString();
            log.error("Failure outside the controllers, error id {}, while serving {}", errorId, path,
                      failure instanceof Throwable throwable ? throwable : null);
            problem.setTitle("Internal error");
            problem.setDetail("An unexpected error occurred. Quote error id " + errorId + " when reporting it.");
            problem.setProperty("errorId", errorId);
        } else {
            problem.setDetail("The request could not be served: " + status.getReasonPhrase() + ".");
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
