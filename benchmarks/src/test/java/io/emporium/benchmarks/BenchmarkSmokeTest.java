package io.emporium.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the whole harness once with tiny sizes, in seconds, against the local PostgreSQL: proves that every
 * scenario runs end to end and that both reports are written with sane figures. It says nothing about speed
 * and asserts nothing about it; the full run is never part of the test suite.
 */
class BenchmarkSmokeTest {

    static final Path OUTPUT = Path.of("target", "smoke-benchmark");
    static BenchmarkRun.Written written;
    static JsonNode json;
    static String markdown;

    /**
     * The smoke run's database: EMPORIUM_BENCH_TEST_DB_URL, else the test database of EMPORIUM_TEST_DB_URL with
     * "_bench" appended (so that it never drops the database other modules' tests use), else
     * emporium_test_bench on localhost.
     */
    static String databaseUrl() {
        String explicit = System.getenv("EMPORIUM_BENCH_TEST_DB_URL");
        if (explicit != null && !explicit.isBlank()) {
            return explicit;
        }
        String tests = System.getenv("EMPORIUM_TEST_DB_URL");
        if (tests == null || tests.isBlank()) {
            return "jdbc:postgresql://localhost:5432/emporium_test_bench";
        }
        int query = tests.indexOf('?');
        return query < 0 ? tests + "_bench" : tests.substring(0, query) + "_bench" + tests.substring(query);
    }

    @BeforeAll
    static void runTheHarnessWithTinySizes() throws Exception {
        String user = System.getenv("EMPORIUM_DB_USER");
        BenchmarkOptions options = new BenchmarkOptions(Sizes.smoke(), null, OUTPUT, databaseUrl(),
                user == null || user.isBlank() ? "postgres" : user, System.getenv("EMPORIUM_DB_PASSWORD"),
                OUTPUT.resolve("profiles"), null, Set.of());
        written = new BenchmarkRun(options, new Progress(System.out, Duration.ofSeconds(2)), Scenarios.all()).run();
        json = new ObjectMapper().readTree(written.json().toFile());
        markdown = Files.readString(written.markdown());
    }

    @Test
    void writesBothReportsUnderTargetNeverUnderDocs() {
        Path target = OUTPUT.toAbsolutePath().normalize();
        assertThat(written.markdown()).isEqualTo(target.resolve("results.md")).isRegularFile();
        assertThat(written.json()).isEqualTo(target.resolve("results.json")).isRegularFile();
    }

    @Test
    void everyScenarioOfTheHarnessCompleted() {
        List<String> completed = new ArrayList<>();
        json.get("scenarios").forEach(scenario -> {
            assertThat(scenario.get("status").asText()).as(scenario.get("id").asText() + ": " + scenario.path("reason"))
                                                       .isEqualTo("COMPLETED");
            completed.add(scenario.get("id").asText());
        });
        assertThat(completed).containsExactly("command-path", "saga-completion", "read-model-lag", "replay",
                "hot-aggregate", "ceiling", "sustainable-rate");
    }

    @Test
    void everyScenarioHasFiguresAndEveryFigureIsAPositiveNumber() {
        json.get("scenarios").forEach(scenario -> {
            assertThat(scenario.get("figures")).as(scenario.get("id").asText()).isNotEmpty();
            scenario.get("figures").forEach(figure -> {
                assertThat(figure.get("value").isNumber()).as(figure.get("name").asText()).isTrue();
                if (!figure.path("noneWhenZero").asBoolean()) {
                    assertThat(figure.get("value").asDouble()).as(figure.get("name").asText()).isPositive();
                }
            });
        });
    }

    /**
     * Every platform figure that has a PostgreSQL counterpart is compared with it. Without one: the read-model
     * lag, shares of completed orders (%), counts of orders issued, memory (MB), and a sustainable rate of none.
     */
    @Test
    void everyPlatformFigureIsComparedWithWhatPostgresqlAloneDid() {
        json.get("scenarios").forEach(scenario -> scenario.get("figures").forEach(figure -> {
            String unit = figure.get("unit").asText();
            if ("PLATFORM".equals(figure.get("role").asText()) && !"read-model-lag".equals(scenario.get("id").asText())
                    && !"%".equals(unit) && !"MB".equals(unit) && !"orders".equals(unit)
                    && !(figure.path("noneWhenZero").asBoolean() && figure.get("value").asDouble() == 0)) {
                assertThat(figure.get("ceiling").get("value").asDouble()).as(figure.get("name").asText()).isPositive();
                assertThat(figure.get("ratio").asDouble()).as(figure.get("name").asText()).isPositive();
            }
        }));
    }

    @Test
    void theCommandPathReportsEveryLevelWithItsPercentilesAndJudgesTheThroughputTarget() {
        List<String> names = figureNames("command-path");
        for (int clients : Sizes.smoke().concurrencyLevels()) {
            String level = "place order, " + clients + (clients == 1 ? " client" : " clients");
            assertThat(names).contains(level + ", accepted", level + ", latency p50", level + ", latency p95",
                    level + ", latency p99", level + ", latency max");
        }
        JsonNode peak = figures("command-path").stream()
                                               .filter(figure -> figure.has("target"))
                                               .findFirst().orElseThrow();
        assertThat(peak.get("target").get("met").isBoolean()).isTrue();
    }

    @Test
    void theHotAggregateIsMeasuredWithAndWithoutSnapshots() {
        List<String> names = figureNames("hot-aggregate");
        assertThat(names).anyMatch(name -> name.contains("without snapshots") && name.endsWith("latency p99"));
        assertThat(names).anyMatch(name -> name.contains("with snapshots") && name.endsWith("latency p99"));
        assertThat(names).anyMatch(name -> name.contains("first command after start"));
    }

    @Test
    void theSagaIsMeasuredWithAndWithoutCompensationsAndJudgesTheLatencyAndConfirmedTargets() {
        List<JsonNode> figures = figures("saga-completion");
        List<String> names = figures.stream().map(figure -> figure.get("name").asText()).toList();
        assertThat(names).anyMatch(name -> name.contains("all approved") && name.endsWith("POST to CONFIRMED in the order view, latency p99"));
        assertThat(names).anyMatch(name -> name.contains("declined") && name.endsWith("POST to final status in the order view, latency p99"));
        assertThat(names).anyMatch(name -> name.contains("all approved") && name.endsWith("orders ending CONFIRMED"));
        assertThat(figures).filteredOn(figure -> "%".equals(figure.get("unit").asText()))
                           .hasSize(3)
                           .allSatisfy(figure -> assertThat(figure.get("value").asDouble()).isEqualTo(100.0));
        assertThat(figures).filteredOn(figure -> figure.has("target"))
                           .hasSize(3)
                           .allSatisfy(figure -> assertThat(figure.get("target").get("met").isBoolean()).isTrue());
    }

    @Test
    void theReadModelLagAndTheReplayJudgeTheirTargets() {
        assertThat(figures("read-model-lag")).filteredOn(figure -> figure.has("target")).hasSize(2);
        assertThat(figureNames("replay")).anyMatch(name -> name.startsWith("rebuild of"))
                                         .anyMatch(name -> name.startsWith("live projections catching up"))
                                         .anyMatch(name -> name.startsWith("used heap"))
                                         .anyMatch(name -> name.contains("no rebuild") && name.endsWith("latency p99"))
                                         .anyMatch(name -> name.contains("rebuild running") && name.endsWith("latency p99"));
        // The rebuild's rate and heap, and the p99 of the load without and with a rebuild.
        assertThat(figures("replay")).filteredOn(figure -> figure.has("target")).hasSize(4)
                                     .allSatisfy(figure -> assertThat(figure.get("target").get("met").isBoolean()).isTrue());
    }

    @Test
    void theSustainableRateReportsEveryStepItRanAndJudgesTheAim() {
        List<String> names = figureNames("sustainable-rate");
        assertThat(names).contains("sustainable rate, " + Sizes.smoke().sustainableRates().get(0)
                + " orders/s offered, orders issued");
        assertThat(figures("sustainable-rate")).filteredOn(figure -> figure.has("target")).singleElement()
                .satisfies(figure -> {
                    assertThat(figure.get("name").asText()).isEqualTo("sustainable rate, highest stepped rate sustained");
                    assertThat(figure.get("target").get("met").isBoolean()).isTrue();
                });
    }

    @Test
    void profilesEveryScenarioWhenAskedTo() throws Exception {
        for (String profile : List.of("1-command-path", "2-saga-completion", "3-read-model-lag", "4-replay",
                "5-hot-aggregate", "6-ceiling", "7-sustainable-rate")) {
            assertThat(OUTPUT.resolve("profiles").resolve(profile + ".jfr")).isRegularFile();
            assertThat(Files.readString(OUTPUT.resolve("profiles").resolve(profile + ".txt")))
                    .contains("CPU samples").contains("by layer").contains("hottest methods");
        }
    }

    @Test
    void recordsTheMachineAndPostgresqlVersion() {
        JsonNode machine = json.get("machine");
        assertThat(machine.get("cores").asInt()).isPositive();
        assertThat(machine.get("memoryBytes").asLong()).isPositive();
        assertThat(machine.get("java").asText()).isNotBlank();
        assertThat(machine.get("postgresql").asText()).startsWith("PostgreSQL");
        assertThat(json.get("run").get("mode").asText()).isEqualTo("smoke");
    }

    @Test
    void theMarkdownHoldsTheResultsTableWithARowPerFigure() {
        assertThat(markdown).contains("| scenario | figure | platform | PostgreSQL ceiling | ratio | target | met? |");
        int figureCount = 0;
        for (JsonNode scenario : json.get("scenarios")) {
            figureCount += scenario.get("figures").size();
        }
        long rows = markdown.lines()
                            .filter(line -> line.matches("\\| [1-7]\\. .*"))
                            .count();
        assertThat(rows).isEqualTo(figureCount);
        assertThat(markdown).contains("PostgreSQL 1").contains("## Machine");
    }

    private static List<JsonNode> figures(String scenarioId) {
        List<JsonNode> figures = new ArrayList<>();
        json.get("scenarios").forEach(scenario -> {
            if (scenarioId.equals(scenario.get("id").asText())) {
                scenario.get("figures").forEach(figures::add);
            }
        });
        return figures;
    }

    private static List<String> figureNames(String scenarioId) {
        return figures(scenarioId).stream().map(figure -> figure.get("name").asText()).toList();
    }
}
