package io.emporium.edge.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Writes a problem answer from a servlet filter, where no controller advice reaches: the same
 * {@code application/problem+json} shape as {@link EdgeExceptionHandler}'s, with {@code instance} set to the path.
 */
public final class ProblemWriter {

    private final ObjectMapper json;

    public ProblemWriter(ObjectMapper json) {
        this.json = json;
    }

    /** Writes the problem unless the response is already committed; extra properties are added to the body. */
    public void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, URI type,
                      String title, String detail, Map<String, Object> properties) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        problem.setInstance(instance(request.getRequestURI()));
        properties.forEach(problem::setProperty);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    /** The request's path as a problem's {@code instance}, or none when the path is not a valid URI reference. */
    public static URI instance(String path) {
        if (path == null) {
            return null;
        }
        try {
            return URI.create(path);
        } catch (IllegalArgumentException notAUri) {
            return null;
        }
    }
}
