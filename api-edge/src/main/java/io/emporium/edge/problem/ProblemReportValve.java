package io.emporium.edge.problem;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Tomcat's error report for the requests it answers itself, before any servlet, filter or Spring Security runs:
 * a request line, header or path it cannot parse, a header too large, a path the connector refuses. Installed in
 * place of Tomcat's own {@link ErrorReportValve} (see {@code EdgeModule}), whose HTML page names Tomcat and its
 * version; this one writes a problem+json of the status's type and says nothing about the server. Answers that
 * already have a body (everything that went through Spring's error handling) are left as they are.
 */
public class ProblemReportValve extends ErrorReportValve {

    public ProblemReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        String body = "{\"type\":\"" + ProblemTypes.ofStatus(status) + "\",\"title\":\"" + title + "\",\"status\":"
                + status + ",\"detail\":\"The request could not be served: " + title + ".\"}";
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException unwritable) {
            // the connection is gone or the answer already under way: nothing more can be said to the client
        }
    }
}
