package io.emporium.edge.correlation;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request a correlation id: the client's {@code X-Correlation-Id} when it is well-formed (1 to 128
 * letters, digits, {@code . _ : -}), else a new UUID (a malformed one is logged and not echoed). The id is
 * returned in the response's {@code X-Correlation-Id}, whatever the status, sits in the logging context as
 * {@code correlationId} while the request is served, and goes into every command and query the request sends
 * ({@link CorrelationMetaData}), from where Axon copies it into every event and saga command that follows.
 * Runs first, before security, so that a 401 carries the id too.
 */
public final class CorrelationIdFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-Correlation-Id";
    /** The logging context key; the same as the platform's for message handlers. */
    public static final String MDC_KEY = "correlationId";
    static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private static final Logger log = LoggerFactory.getLogger(CorrelationIdFilter.class);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String offered = request.getHeader(HEADER);
        String id;
        if (offered != null && WELL_FORMED.matcher(offered).matches()) {
            id = offered;
        } else {
            id = UUID.randomUUID().toString();
            if (offered != null) {
                log.info("Malformed {} header ({} characters) replaced by {}", HEADER, offered.length(), id);
            }
        }
        response.setHeader(HEADER, id);
        String previous = MDC.get(MDC_KEY);
        MDC.put(MDC_KEY, id);
        try {
            chain.doFilter(request, response);
        } finally {
            if (previous == null) {
                MDC.remove(MDC_KEY);
            } else {
                MDC.put(MDC_KEY, previous);
            }
        }
    }

    /** Also for error dispatches and the rest of a live-updates stream, which belong to the same request. */
    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }
}
