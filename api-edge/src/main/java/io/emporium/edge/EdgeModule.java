package io.emporium.edge;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.emporium.edge.admin.EventHistoryController;
import io.emporium.edge.admin.ProjectionAdminController;
import io.emporium.edge.admin.RebuildController;
import io.emporium.edge.admin.RebuildProgress;
import io.emporium.edge.admin.SagaAdminController;
import io.emporium.edge.admin.ReconciliationController;
import io.emporium.edge.apidoc.ApiDescription;
import io.emporium.edge.command.AggregateVersions;
import io.emporium.edge.command.CommandDispatcher;
import io.emporium.edge.correlation.CorrelationIdFilter;
import io.emporium.edge.correlation.CorrelationMetaData;
import io.emporium.edge.idempotency.IdempotencyFilter;
import io.emporium.edge.idempotency.JdbcIdempotencyStore;
import io.emporium.edge.limits.RateLimitFilter;
import io.emporium.edge.limits.RateLimitProperties;
import io.emporium.edge.limits.ConcreteContentTypeFilter;
import io.emporium.edge.limits.RequestBodyLimitFilter;
import io.emporium.edge.order.OrderController;
import io.emporium.edge.order.OrderQueryController;
import io.emporium.edge.payment.PaymentController;
import io.emporium.edge.problem.EdgeErrorController;
import io.emporium.edge.problem.EdgeExceptionHandler;
import io.emporium.edge.problem.ProblemReportValve;
import io.emporium.edge.problem.ProblemWriter;
import io.emporium.edge.product.ProductController;
import io.emporium.edge.product.ProductQueryController;
import io.emporium.edge.query.OrderUpdates;
import io.emporium.edge.query.QueryDispatcher;
import io.emporium.edge.query.QueryProperties;
import io.emporium.edge.security.EdgeSecurity;
import io.github.bucket4j.TimeMeter;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.time.Duration;
import org.apache.catalina.core.StandardHost;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.QueryMessage;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The HTTP edge as Spring sees it: its controllers, the command and query dispatchers they share and the handler that
 * turns every failure into {@code application/problem+json}, and the security that lets only callers with a valid
 * bearer token through (see {@link EdgeSecurity}). Imported, never component-scanned, by the
 * standalone assembly and by the edge service.
 * <p>
 * Property {@code emporium.edge.command-timeout} (default 10s) bounds how long a request waits for a
 * command's decision; {@code emporium.edge.retry-after} (default 5s) is what a 503 advises;
 * {@code emporium.edge.queries.timeout} (default 5s) bounds the wait for a query's answer and
 * {@code emporium.edge.queries.updates-lifetime} (default 5m) the life of a live-updates stream.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({EdgeProperties.class, QueryProperties.class, RateLimitProperties.class})
@Import({
        CommandDispatcher.class,
        QueryDispatcher.class,
        OrderUpdates.class,
        ProductController.class,
        ProductQueryController.class,
        OrderController.class,
        OrderQueryController.class,
        PaymentController.class,
        EventHistoryController.class,
        ProjectionAdminController.class,
        RebuildController.class,
        SagaAdminController.class,
        ReconciliationController.class,
        EdgeExceptionHandler.class,
        EdgeErrorController.class,
        EdgeSecurity.class,
        ApiDescription.class
})
public class EdgeModule {

    private static final Duration IDEMPOTENCY_PURGE_EVERY = Duration.ofMinutes(10);

    /** Aggregate versions as ETags on reads and expected versions from If-Match on commands. */
    @Bean
    public AggregateVersions aggregateVersions(EventStore eventStore) {
        return new AggregateVersions(eventStore);
    }

    /** The request correlation id, first of all filters (before security, so that every answer carries it). */
    @Bean
    public FilterRegistrationBean<CorrelationIdFilter> edgeCorrelationIdFilter() {
        FilterRegistrationBean<CorrelationIdFilter> registration = new FilterRegistrationBean<>(new CorrelationIdFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
        return registration;
    }

    /** Request bodies above the limit answered 413, before anything reads them. */
    @Bean
    public FilterRegistrationBean<RequestBodyLimitFilter> edgeRequestBodyLimit(RateLimitProperties limits,
                                                                               ObjectMapper json) {
        FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
                new RequestBodyLimitFilter(limits.maxRequestBody().toBytes(), new ProblemWriter(json)));
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 10);
        return registration;
    }

    /** A Content-Type that is a media range answered 415, before any endpoint reads the request's headers. */
    @Bean
    public FilterRegistrationBean<ConcreteContentTypeFilter> edgeConcreteContentType(ObjectMapper json) {
        FilterRegistrationBean<ConcreteContentTypeFilter> registration = new FilterRegistrationBean<>(
                new ConcreteContentTypeFilter(new ProblemWriter(json)));
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 11);
        return registration;
    }

    /** Per-client rate limits, after security (so the token's subject is known). */
    @Bean
    public FilterRegistrationBean<RateLimitFilter> edgeRateLimits(RateLimitProperties limits, ObjectMapper json,
                                                                  ObjectProvider<TimeMeter> clock) {
        FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(new RateLimitFilter(
                limits, new ProblemWriter(json), clock.getIfAvailable(() -> TimeMeter.SYSTEM_MILLISECONDS)));
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 20);
        return registration;
    }

    /**
     * The edge's scheduler (Spring's, configured by {@code spring.task.scheduling.*}): short tasks only, such as
     * renewing idempotency-key leases. Its own rather than an application-wide one, which Spring Boot creates only
     * with {@code @EnableScheduling} and which would then run every {@code @Scheduled} method of the assembly.
     */
    @Bean
    public ThreadPoolTaskScheduler edgeTaskScheduler(ObjectProvider<ThreadPoolTaskSchedulerBuilder> builder) {
        return builder.getIfAvailable(ThreadPoolTaskSchedulerBuilder::new).threadNamePrefix("edge-scheduler-").build();
    }

    /** Rebuild progress streams, asking for the status every second on the edge's scheduler. */
    @Bean
    public RebuildProgress rebuildProgress(QueryGateway queryGateway, TaskScheduler edgeTaskScheduler,
                                           QueryProperties queries) {
        return new RebuildProgress(queryGateway, edgeTaskScheduler, Duration.ofSeconds(1), queries.updatesLifetime());
    }

    /**
     * {@code Idempotency-Key} on command endpoints, after the rate limits. Needs the database; an assembly without
     * one (the web slice tests) runs without it. The edge's task scheduler renews the leases of keys being served
     * and deletes expired keys every ten minutes, with the {@link Clock} (the system's, unless the context has one).
     */
    @Bean
    public FilterRegistrationBean<IdempotencyFilter> edgeIdempotencyKeys(ObjectProvider<JdbcTemplate> jdbc,
                                                                         ObjectMapper json, EdgeProperties edge,
                                                                         ObjectProvider<Clock> clock,
                                                                         TaskScheduler edgeTaskScheduler) {
        JdbcTemplate database = jdbc.getIfAvailable();
        IdempotencyFilter filter = new IdempotencyFilter(database == null ? null : new JdbcIdempotencyStore(database),
                                                         new ProblemWriter(json), edge.idempotency(),
                                                         clock.getIfAvailable(Clock::systemUTC), edgeTaskScheduler);
        if (database != null) {
            edgeTaskScheduler.scheduleWithFixedDelay(filter::purgeExpired, IDEMPOTENCY_PURGE_EVERY);
        }
        FilterRegistrationBean<IdempotencyFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 30);
        registration.setEnabled(database != null);
        return registration;
    }

    /**
     * Tomcat's own error answers (a request it cannot parse, before any filter) as problem+json without the server's
     * name and version: {@link ProblemReportValve} in place of Tomcat's HTML error report on the host.
     */
    @Bean
    public WebServerFactoryCustomizer<TomcatServletWebServerFactory> edgeContainerProblems() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemReportValve.class.getName());
            }
        });
    }

    /** The request's correlation id on every command it sends (registered on the command gateway by Axon). */
    @Bean
    public MessageDispatchInterceptor<CommandMessage<?>> edgeCommandCorrelation() {
        return new CorrelationMetaData<>();
    }

    /** The request's correlation id on every query it sends (registered on the query gateway by Axon). */
    @Bean
    public MessageDispatchInterceptor<QueryMessage<?, ?>> edgeQueryCorrelation() {
        return new CorrelationMetaData<>();
    }

    /**
     * Makes Spring MVC's ObjectMapper read request bodies strictly: a property the edge does not know, a
     * fraction where an integer belongs, a string where a number belongs, or a repeated key is an error the
     * client hears about instead of a guess. Axon serializes with a mapper of its own (see the platform
     * module), so none of this reaches stored events.
     */
    @Bean
    public Jackson2ObjectMapperBuilderCustomizer edgeStrictJson() {
        return builder -> builder
                .failOnUnknownProperties(true)
                .featuresToEnable(
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                        DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                        JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .featuresToDisable(
                        DeserializationFeature.ACCEPT_FLOAT_AS_INT,
                        MapperFeature.ALLOW_COERCION_OF_SCALARS,
                        SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .postConfigurer(mapper -> {
                    for (LogicalType numeric : new LogicalType[] {LogicalType.Integer, LogicalType.Float}) {
                        mapper.coercionConfigFor(numeric)
                              .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                              .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
                    }
                    mapper.coercionConfigFor(LogicalType.Integer)
                          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
                    mapper.coercionConfigFor(LogicalType.Boolean)
                          .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
                    mapper.coercionConfigFor(LogicalType.Textual)
                          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
                });
    }
}
