package io.emporium.edge.problem;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import io.emporium.edge.EdgeProperties;
import io.emporium.edge.admin.NoEventsException;
import io.emporium.edge.command.AggregateVersions;
import io.emporium.edge.command.CommandTimeoutException;
import io.emporium.edge.command.UnknownTargetException;
import io.emporium.edge.limits.RequestBodyLimitFilter;
import io.emporium.edge.query.QueryTimeoutException;
import io.emporium.edge.query.ViewNotFoundException;
import io.emporium.edge.security.ForbiddenException;
import io.emporium.messages.common.CommandRefusedException;
import io.emporium.messages.common.Refusal;
import io.emporium.messages.common.RefusalKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.messaging.HandlerExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.axonframework.queryhandling.NoHandlerForQueryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Answers every failure as {@code application/problem+json} (RFC 9457). Spring MVC's own errors (unknown
 * route, 405, 406, 415 and the like) keep the superclass's answers; request validation and unreadable
 * bodies get an {@code errors} list naming each field; command failures are unwrapped and mapped by kind.
 * Anything unexpected answers 500 with an error id and nothing of the exception itself. The type URIs are
 * listed in {@link ProblemTypes}.
 */
@RestControllerAdvice
public class EdgeExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(EdgeExceptionHandler.class);
    private static final int MAX_CAUSE_DEPTH = 16;

    private final EdgeProperties properties;

    public EdgeExceptionHandler(EdgeProperties properties) {
        this.properties = properties;
    }

    /**
     * Every answer of this handler goes through here: a problem Spring MVC built for a plain HTTP error (unknown
     * route, method, media types) still has RFC 9457's {@code about:blank}; it gets the stable type of its status,
     * and every answer is {@code application/problem+json} whatever the request's {@code Accept} says.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        Object answer = body == null && ex instanceof ErrorResponse error ? error.getBody() : body;
        if (answer instanceof ProblemDetail problem
                && (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
            problem.setType(ProblemTypes.ofStatus(status.value()));
        }
        // Named here so that Spring MVC does not read the request's Accept to choose it: an Accept it cannot parse
        // would otherwise leave the answer without a body.
        HttpHeaders answerHeaders = new HttpHeaders();
        answerHeaders.putAll(headers);
        answerHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return super.handleExceptionInternal(ex, body, answerHeaders, status, request);
    }

    // ---- 400: the request itself ----

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        List<InvalidField> errors = new ArrayList<>();
        collect(ex.getBindingResult(), "", errors);
        return handleExceptionInternal(ex, invalidRequest(errors), headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
                                                                            HttpHeaders headers,
                                                                            HttpStatusCode status,
                                                                            WebRequest request) {
        List<InvalidField> errors = new ArrayList<>();
        for (ParameterValidationResult result : ex.getParameterValidationResults()) {
            if (result instanceof ParameterErrors beanErrors) {
                collect(beanErrors, parameterName(result.getMethodParameter()), errors);
            } else {
                String name = parameterName(result.getMethodParameter());
                for (MessageSourceResolvable error : result.getResolvableErrors()) {
                    errors.add(new InvalidField(name, error.getDefaultMessage()));
                }
            }
        }
        for (MessageSourceResolvable error : ex.getCrossParameterValidationResults()) {
            errors.add(new InvalidField(null, error.getDefaultMessage()));
        }
        return handleExceptionInternal(ex, invalidRequest(errors), headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
                                                                          HttpHeaders headers, HttpStatusCode status,
                                                                          WebRequest request) {
        InvalidField error = new InvalidField(ex.getParameterName(), "is required");
        return handleExceptionInternal(ex, invalidRequest(List.of(error)), headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String field = ex instanceof MethodArgumentTypeMismatchException argument
                ? parameterName(argument.getParameter())
                : ex.getPropertyName();
        InvalidField error = new InvalidField(field, "must be " + describe(ex.getRequiredType()));
        return handleExceptionInternal(ex, invalidRequest(List.of(error)), headers, HttpStatus.BAD_REQUEST,
                                       request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        RequestBodyLimitFilter.PayloadTooLargeException tooLarge =
                find(ex, RequestBodyLimitFilter.PayloadTooLargeException.class);
        if (tooLarge != null) {
            ProblemDetail problem = problem(HttpStatus.PAYLOAD_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE,
                                            "Request body too large", tooLarge.getMessage());
            problem.setProperty("maxBytes", tooLarge.maxBytes());
            return handleExceptionInternal(ex, problem, headers, HttpStatus.PAYLOAD_TOO_LARGE, request);
        }
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
        problem.setType(ProblemTypes.MALFORMED_REQUEST);
        problem.setTitle("Malformed request");
        List<InvalidField> errors = new ArrayList<>();
        JsonMappingException mapping = find(ex, JsonMappingException.class);
        StreamReadException syntax = find(ex, StreamReadException.class);
        if (mapping == null && syntax == null) {
            problem.setDetail("The request body is missing or unreadable.");
        } else {
            // A syntax error is located best by the parser itself; Jackson's path may stop one level short.
            String parserPath = syntax == null ? "" : path(syntax);
            String field = !parserPath.isEmpty() || mapping == null ? parserPath : path(mapping);
            String message = mapping == null
                    ? "is not valid JSON" + where(syntax.getLocation())
                    : unreadableValue(mapping, syntax);
            if (field.isEmpty()) {
                problem.setDetail("The request body " + message + ".");
            } else {
                errors.add(new InvalidField(field, message));
                problem.setDetail("The request body could not be read: " + field + " " + message + ".");
            }
        }
        problem.setProperty("errors", errors);
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    // ---- command outcomes ----

    // ---- 403: the caller may not ----

    @ExceptionHandler(ForbiddenException.class)
    public ResponseEntity<Object> forbidden(ForbiddenException ex, WebRequest request) {
        ProblemDetail problem = problem(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden", ex.getMessage());
        return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.FORBIDDEN, request);
    }

    @ExceptionHandler(NoEventsException.class)
    public ResponseEntity<Object> handleNoEvents(NoEventsException ex, WebRequest request) {
        return notFound(ex, "no events for aggregate " + ex.aggregateId(), request);
    }

    @ExceptionHandler(ViewNotFoundException.class)
    public ResponseEntity<Object> handleViewNotFound(ViewNotFoundException ex, WebRequest request) {
        return notFound(ex, ex.getMessage(), request);
    }

    /**
     * Everything not handled above: a command refusal or a framework failure, possibly wrapped in other
     * exceptions (an {@code ExecutionException}, a remote {@link CommandExecutionException} or query failure carrying a
     * {@link Refusal} as details), else an unexpected error.
     */
    @ExceptionHandler(Exception.class)
    public ResponseEntity<Object> handleCommandOutcome(Exception ex, WebRequest request) {
        Set<Throwable> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable cause = ex;
        for (int depth = 0; cause != null && depth < MAX_CAUSE_DEPTH && visited.add(cause);
             depth++, cause = cause.getCause()) {
            if (cause instanceof CommandRefusedException refused) {
                return refusal(ex, refused.toRefusal(), request);
            }
            if (cause instanceof HandlerExecutionException remote) {
                // a command's or a query's failure from a handler behind Axon Server: the refusal is in the details
                Optional<Object> details = remote.getDetails();
                if (details.isPresent() && details.get() instanceof Refusal refusal) {
                    return refusal(ex, refusal, request);
                }
            }
            if (cause instanceof UnknownTargetException unknown) {
                return notFound(ex, unknown.getMessage(), request);
            }
            if (cause instanceof AggregateNotFoundException missing) {
                return notFound(ex, "no aggregate with id " + missing.getAggregateIdentifier(), request);
            }
            if (cause instanceof IncompatibleAggregateException) {
                return notFound(ex, "no aggregate of the kind asked for has this id", request);
            }
            if (cause instanceof ConflictingAggregateVersionException stale) {
                return refusal(ex, new Refusal(RefusalKind.PRECONDITION_FAILED, Refusal.VERSION_MISMATCH,
                        "The aggregate is at version " + stale.getActualVersion() + ", If-Match named "
                                + stale.getExpectedVersion() + ": read it again and decide anew."), request);
            }
            if (cause instanceof AggregateVersions.PreconditionFailedException weak) {
                return refusal(ex, new Refusal(RefusalKind.PRECONDITION_FAILED, Refusal.VERSION_MISMATCH,
                        weak.getMessage()), request);
            }
            if (cause instanceof AggregateVersions.MalformedIfMatchException malformed) {
                return handleExceptionInternal(ex, invalidRequest(List.of(new InvalidField("If-Match",
                        malformed.getMessage()))), new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
            }
            if (cause instanceof ConcurrencyException || cause instanceof AggregateStreamCreationException) {
                ProblemDetail problem = problem(HttpStatus.CONFLICT, ProblemTypes.CONCURRENT_MODIFICATION,
                                                "Concurrent modification",
                                                "Another request changed or created the same aggregate at the "
                                                        + "same moment; repeating the request is safe.");
                return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.CONFLICT, request);
            }
            if (cause instanceof CommandTimeoutException late) {
                return unavailable(ex, ProblemTypes.COMMAND_TIMEOUT, "Command timed out",
                                   "No decision within " + seconds(late.timeout().toMillis())
                                           + "; the command may still take effect. Repeat the request to learn "
                                           + "its outcome.", request);
            }
            if (cause instanceof QueryTimeoutException late) {
                return unavailable(ex, ProblemTypes.QUERY_TIMEOUT, "Query timed out",
                                   "No answer within " + seconds(late.timeout().toMillis())
                                           + "; repeat the request.", request);
            }
            if (cause instanceof NoHandlerForCommandException || cause instanceof NoHandlerForQueryException) {
                return unavailable(ex, ProblemTypes.UNAVAILABLE, "Service unavailable",
                                   "No service can handle this request right now.", request);
            }
        }
        if (StoreUnavailable.causes(ex)) {
            return unavailable(ex, ProblemTypes.UNAVAILABLE, "Service unavailable",
                               "The platform's database cannot be reached right now; repeat the request later.",
                               request);
        }
        return unexpected(ex, request);
    }

    private ResponseEntity<Object> unexpected(Exception ex, WebRequest request) {
        String errorId = UUID.randomUUID().toString();
        log.error("Unexpected failure, error id {}, while serving {}", errorId, request.getDescription(false), ex);
        ProblemDetail problem = problem(HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL_ERROR,
                                        "Internal error",
                                        "An unexpected error occurred. Quote error id " + errorId
                                                + " when reporting it.");
        problem.setProperty("errorId", errorId);
        return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    private ResponseEntity<Object> refusal(Exception ex, Refusal refusal, WebRequest request) {
        HttpStatus status = switch (refusal.kind()) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case RULE_VIOLATED -> HttpStatus.UNPROCESSABLE_ENTITY;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case PRECONDITION_FAILED -> HttpStatus.PRECONDITION_FAILED;
        };
        String title = switch (refusal.kind()) {
            case NOT_FOUND -> "Not found";
            case CONFLICT -> "Conflicts with the current state";
            case RULE_VIOLATED -> "Breaks a business rule";
            case FORBIDDEN -> "Not allowed for this caller";
            case PRECONDITION_FAILED -> "Precondition failed";
        };
        URI type = refusal.kind() == RefusalKind.PRECONDITION_FAILED
                ? ProblemTypes.PRECONDITION_FAILED : ProblemTypes.refused(refusal.code());
        ProblemDetail problem = problem(status, type, title, refusal.message());
        problem.setProperty("code", refusal.code());
        problem.setProperty("kind", refusal.kind().name());
        return handleExceptionInternal(ex, problem, new HttpHeaders(), status, request);
    }

    private ResponseEntity<Object> notFound(Exception ex, String detail, WebRequest request) {
        ProblemDetail problem = problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not found", detail);
        return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.NOT_FOUND, request);
    }

    private ResponseEntity<Object> unavailable(Exception ex, URI type, String title, String detail,
                                               WebRequest request) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, properties.retryAfter().toSeconds())));
        ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, type, title, detail);
        return handleExceptionInternal(ex, problem, headers, HttpStatus.SERVICE_UNAVAILABLE, request);
    }

    // ---- helpers ----

    private static ProblemDetail problem(HttpStatus status, URI type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        return problem;
    }

    private static ProblemDetail invalidRequest(List<InvalidField> errors) {
        List<InvalidField> sorted = errors.stream()
                                          .sorted(Comparator.comparing(InvalidField::field,
                                                                       Comparator.nullsFirst(
                                                                               Comparator.naturalOrder()))
                                                            .thenComparing(InvalidField::message,
                                                                           Comparator.nullsFirst(
                                                                                   Comparator.naturalOrder())))
                                          .toList();
        String fields = sorted.stream()
                              .map(InvalidField::field)
                              .filter(Objects::nonNull)
                              .distinct()
                              .reduce((a, b) -> a + ", " + b)
                              .orElse("the request");
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid request",
                                        "The request breaks the rules for: " + fields + ".");
        problem.setProperty("errors", sorted);
        return problem;
    }

    private static void collect(BindingResult result, String objectName, List<InvalidField> errors) {
        for (FieldError error : result.getFieldErrors()) {
            errors.add(new InvalidField(error.getField(), error.getDefaultMessage()));
        }
        for (ObjectError error : result.getGlobalErrors()) {
            errors.add(new InvalidField(objectName.isEmpty() ? null : objectName, error.getDefaultMessage()));
        }
    }

    private static void collect(ParameterErrors result, String objectName, List<InvalidField> errors) {
        for (FieldError error : result.getFieldErrors()) {
            errors.add(new InvalidField(error.getField(), error.getDefaultMessage()));
        }
        for (ObjectError error : result.getGlobalErrors()) {
            errors.add(new InvalidField(objectName, error.getDefaultMessage()));
        }
    }

    private static String parameterName(MethodParameter parameter) {
        PathVariable pathVariable = parameter.getParameterAnnotation(PathVariable.class);
        if (pathVariable != null && !pathVariable.name().isEmpty()) {
            return pathVariable.name();
        }
        RequestParam requestParam = parameter.getParameterAnnotation(RequestParam.class);
        if (requestParam != null && !requestParam.name().isEmpty()) {
            return requestParam.name();
        }
        String name = parameter.getParameterName();
        if (name == null) {
            name = parameter.getExecutable().getParameters()[parameter.getParameterIndex()].getName();
        }
        return name;
    }

    /** The JSON path Jackson had reached, written as the client would: {@code lines[0].quantity}. */
    private static String path(JsonMappingException ex) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : ex.getPath()) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** Where the parser stood when the JSON broke, from its context: {@code lines[1].sku}. */
    private static String path(StreamReadException ex) {
        JsonParser parser = ex.getProcessor();
        if (parser == null) {
            return "";
        }
        List<String> segments = new ArrayList<>();
        for (JsonStreamContext context = parser.getParsingContext(); context != null && !context.inRoot();
             context = context.getParent()) {
            if (context.inArray()) {
                segments.add("[" + Math.max(0, context.getCurrentIndex()) + "]");
            } else if (context.getCurrentName() != null) {
                segments.add(context.getCurrentName());
            }
        }
        StringBuilder path = new StringBuilder();
        for (int i = segments.size() - 1; i >= 0; i--) {
            String segment = segments.get(i);
            if (!path.isEmpty() && !segment.startsWith("[")) {
                path.append('.');
            }
            path.append(segment);
        }
        return path.toString();
    }

    /** Says what was wrong without quoting Jackson, whose messages name the edge's Java classes. */
    private static String unreadableValue(JsonMappingException mapping, StreamReadException syntax) {
        if (mapping instanceof PropertyBindingException) {
            return "is not a known property";
        }
        if (syntax instanceof InputCoercionException coercion) {
            return "is out of range for " + describe(coercion.getTargetType());
        }
        if (syntax != null) {
            return "is not valid JSON" + where(syntax.getLocation());
        }
        if (mapping instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "must be " + describe(mismatch.getTargetType());
        }
        return "has a value that cannot be read";
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "a value of another type";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == Byte.class || type == byte.class
                || type == BigInteger.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class
                || type == BigDecimal.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (CharSequence.class.isAssignableFrom(type) || type == Character.class || type == char.class) {
            return "a string";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "a value of another type";
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? (millis / 1000) + " s" : millis + " ms";
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_CAUSE_DEPTH; depth++, cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }
}
