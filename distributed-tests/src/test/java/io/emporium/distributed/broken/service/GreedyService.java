package io.emporium.distributed.broken.service;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** Deliberately wrong (ServiceClassChecksTest): scans everything, imports two modules, no platform, no launcher. */
@SpringBootApplication(scanBasePackages = "io.emporium")
@Import({Helper.class, io.emporium.distributed.broken.misplaced.MisplacedService.class})
public class GreedyService {

    public static void main(String[] args) {
        SpringApplication.run(GreedyService.class, args);
    }
}
