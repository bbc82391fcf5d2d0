package io.emporium.platform.service;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts one Emporium service of distributed mode. Each service reads its own configuration file,
 * {@code <name>.yml}, instead of {@code application.yml}: several modules' jars can sit on one classpath (the
 * standalone assembly, the distributed tests) and their {@code application.yml} files would hide each other.
 * Every service file imports the settings all services share, {@code emporium-distributed.yml} (platform).
 */
public final class ServiceLauncher {

    private ServiceLauncher() {
    }

    public static ConfigurableApplicationContext run(Class<?> application, String name, String... args) {
        // Axon's anonymous update checker reads only this property or an environment variable; it stays off
        // unless the operator explicitly turns it on.
        if (System.getProperty("axoniq.update-checker.disabled") == null) {
            System.setProperty("axoniq.update-checker.disabled", "true");
        }
        return new SpringApplicationBuilder(application)
                .properties("spring.config.name=" + name)
                .run(args);
    }
}
