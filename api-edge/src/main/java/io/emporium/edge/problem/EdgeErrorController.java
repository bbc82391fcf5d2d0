package io.emporium.edge.problem;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The answer to errors that never reached a controller: the servlet container's (a request it could not parse)
 * and exceptions thrown by filters, forwarded to {@code /error}. Replaces Spring Boot's default error body with
 * problem+json of a stable type, and discloses nothing of the failure but an {@code errorId} for the log.
 */
@RestController
public class EdgeErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(EdgeErrorController.class);

    @RequestMapping(path = "/error", produces = {MediaType.APPLICATION_PROBLEM_JSON_VALUE, MediaType.ALL_VALUE})
    public ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
                ? HttpStatus.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
        Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        ProblemDetail problem = ProblemDetail.forStatus(status);
        if (path != null) {
            problem.setInstance(URI.create(path.toString()));
        }
        if (status.is5xxServerError()) {
            String errorId = UUID.randomUUID().toString();
            Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
            log.error("Failure outside the controllers, error id {}, while serving {}", errorId, path,
                      failure instanceof Throwable throwable ? throwable : null);
            problem.setType(ProblemTypes.INTERNAL_ERROR);
            problem.setTitle("Internal error");
            problem.setDetail("An unexpected error occurred. Quote error id " + errorId + " when reporting it.");
            problem.setProperty("errorId", errorId);
        } else {
            problem.setType(switch (status.value()) {
                case 404 -> ProblemTypes.NO_SUCH_ENDPOINT;
                case 405 -> ProblemTypes.METHOD_NOT_ALLOWED;
                case 413 -> ProblemTypes.PAYLOAD_TOO_LARGE;
                default -> ProblemTypes.INVALID_REQUEST;
            });
            problem.setDetail("The request could not be served: " + status.getReasonPhrase() + ".");
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
