package io.emporium.benchmarks;

import io.emporium.edge.security.TokenMinter;
import io.emporium.standalone.EmporiumApplication;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The standalone platform ({@link EmporiumApplication}, with its own application.yml) started in this JVM
 * on the benchmark database, serving HTTP on a free port of 127.0.0.1. Settings given here override the
 * environment and application.yml; everything else is as shipped.
 */
public final class InProcessPlatform implements RunningPlatform, AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final URI baseUrl;
    private final String purpose;

    private InProcessPlatform(ConfigurableApplicationContext context, String purpose) {
        this.context = context;
        this.purpose = purpose;
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        this.baseUrl = URI.create("http://127.0.0.1:" + port);
    }

    static final String ISSUER = "emporium-benchmark";
    /** The profile the measured platform runs in: the one besides 'local' and 'test' that allows the simulated provider. */
    static final String BENCHMARK_PROFILE = "benchmark";
    static final String AUDIENCE = "emporium";
    private static final String SECRET = randomSecret();
    private static final String AUTHORIZATION = "Bearer " + new TokenMinter(ISSUER, AUDIENCE, SECRET)
            .mint(BENCHMARK_SUBJECT, List.of("customer", "operator"), Duration.ofDays(2));

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Starts a platform on {@code database}.
     *
     * @param purpose  what it is started for, for the progress output
     * @param settings Spring properties that differ from the shipped configuration, may be empty
     */
    public static InProcessPlatform start(BenchDatabase database, String purpose, Map<String, String> settings) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", database.url());
        properties.put("spring.datasource.username", database.user());
        properties.put("spring.datasource.password", database.password());
        properties.put("server.address", "127.0.0.1");
        properties.put("server.port", "0");
        properties.put("spring.main.banner-mode", "off");
        properties.put("logging.level.root", "WARN");
        // The harness is one client sending as fast as the platform answers: the per-client limits would measure
        // themselves, not the platform.
        properties.put("emporium.edge.limits.rate-limiting", "false");
        // Tokens signed with a secret of this run only: nothing else accepts them, and they accept nothing else.
        properties.put("emporium.security.jwt.issuer", ISSUER);
        properties.put("emporium.security.jwt.audience", AUDIENCE);
        properties.put("emporium.security.jwt.hmac-secret", SECRET);
        // The simulated payment provider, allowed in the profile 'benchmark' only (besides 'local' and 'test'): the
        // benchmark measures the platform, not a provider's network.
        properties.put("emporium.payment.provider", "simulated");
        properties.putAll(settings);
        List<String> args = new ArrayList<>();
        properties.forEach((key, value) -> args.add("--" + key + "=" + value));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(EmporiumApplication.class)
                .profiles(BENCHMARK_PROFILE)
                .logStartupInfo(false)
                .run(args.toArray(String[]::new));
        return new InProcessPlatform(context, purpose);
    }

    @Override
    public String authorization() {
        return AUTHORIZATION;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public URI baseUrl() {
        return baseUrl;
    }

    @Override
    public String description() {
        return "standalone platform started in the harness's JVM (" + purpose + "), on the benchmark database";
    }

    @Override
    public void close() {
        context.close();
    }
}
