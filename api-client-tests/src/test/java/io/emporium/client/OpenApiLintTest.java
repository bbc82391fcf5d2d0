package io.emporium.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/api/openapi.json} linted with Redocly CLI and {@code docs/api/redocly.yaml}: no error and no warning
 * (decision 0051 says which rules are set and why). Each broken copy below shows that the lint can fail.
 */
class OpenApiLintTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theCommittedDescriptionHasNoErrorAndNoWarning() {
        RedoclyLint.Result result = RedoclyLint.lint(ProjectFiles.description());
        assertThat(result.problems()).as("Redocly CLI's findings").isEmpty();
        assertThat(result.errors()).isZero();
        assertThat(result.warnings()).isZero();
    }

    @Test
    void aReferenceToAMissingProblemSchemaIsAnError() throws Exception {
        RedoclyLint.Result result = lintBroken("no-problem-schema",
                document -> ((ObjectNode) document.path("components").path("schemas")).remove("Problem"));
        assertThat(result.errors()).isPositive();
        assertThat(result.problems()).anyMatch(problem -> problem.rule().equals("no-unresolved-refs"));
    }

    @Test
    void aProblemAnswerAsPlainJsonIsAnError() throws Exception {
        RedoclyLint.Result result = lintBroken("plain-json-problem", document -> {
            ObjectNode content = (ObjectNode) document.at("/paths/~1api~1orders/post/responses/400/content");
            content.set("application/json", content.remove("application/problem+json"));
        });
        assertThat(result.problems()).anyMatch(problem -> problem.rule().equals("operation-4xx-problem-details-rfc7807")
                && problem.severity().equals("error"));
    }

    @Test
    void aSuccessWithoutItsLocationHeaderIsAnError() throws Exception {
        RedoclyLint.Result result = lintBroken("no-location", document ->
                ((ObjectNode) document.at("/paths/~1api~1products/post/responses/201/headers")).remove("Location"));
        assertThat(result.problems()).anyMatch(problem -> problem.rule().equals("response-contains-header")
                && problem.message().contains("Location") && problem.severity().equals("error"));
    }

    /** Lints a copy of the committed description with one change made to it. */
    private static RedoclyLint.Result lintBroken(String name, Consumer<ObjectNode> change) throws Exception {
        ObjectNode document = (ObjectNode) JSON.readTree(ProjectFiles.description().toFile());
        change.accept(document);
        Path folder = Files.createDirectories(ProjectFiles.root().resolve("api-client-tests/target/lint-fixtures"));
        Path file = folder.resolve(name + ".json");
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), document);
        return RedoclyLint.lint(file);
    }
}
