package io.emporium.distributed.broken.misplaced;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.ComponentScan;

/** Deliberately wrong (ServiceClassChecksTest): not in a service package, and an explicit component scan. */
@SpringBootApplication
@ComponentScan("io.emporium")
public class MisplacedService {
}
