package io.emporium.distributed;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only when {@code AXON_SERVER} names an Axon Server; otherwise skips it (reported as skipped, with
 * the reason) and prints, loudly, how to run it, so that the skip shows in the build's output.
 */
final class RequiresAxonServer implements ExecutionCondition {

    static final String HOW_TO_RUN = "Distributed tests SKIPPED: set AXON_SERVER=host:port (Axon Server's gRPC port) "
            + "to run them, e.g. AXON_SERVER=127.0.0.1:8124 ./mvnw verify -pl distributed-tests -am "
            + "(how to run Axon Server: axon-server/README.md)";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String axonServer = System.getenv("AXON_SERVER");
        if (axonServer != null && !axonServer.isBlank()) {
            return ConditionEvaluationResult.enabled("AXON_SERVER=" + axonServer);
        }
        if (context.getTestMethod().isEmpty()) { // once, for the class
            System.out.println("*".repeat(100));
            System.out.println("* " + HOW_TO_RUN);
            System.out.println("*".repeat(100));
        }
        return ConditionEvaluationResult.disabled(HOW_TO_RUN);
    }
}
