package io.emporium.projections.service;

import io.emporium.projections.ProjectionsModule;
import io.emporium.platform.PlatformConfiguration;
import io.emporium.platform.service.ServiceLauncher;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The read models and their query handlers as a service of its own, connected to Axon Server (distributed mode). It imports the platform and its module's one
 * configuration, nothing else; its component scan covers this package only, which holds this class alone, and no
 * other assembly scans it (decision 0001). Settings: projections-service.yml, on top of the platform's emporium-distributed.yml.
 */
@SpringBootApplication
@Import({PlatformConfiguration.class, ProjectionsModule.class})
public class ProjectionsApplication {

    public static void main(String[] args) {
        ServiceLauncher.run(ProjectionsApplication.class, "projections-service", args);
    }
}
