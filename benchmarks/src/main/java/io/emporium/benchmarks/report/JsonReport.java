package io.emporium.benchmarks.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The report for tools: the same content as the markdown, with full-precision numbers. */
public final class JsonReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    public static String render(Report report) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("started", report.started().toString());
        run.put("seconds", report.seconds());
        run.put("mode", report.mode());
        run.put("platform", report.platform());
        run.put("sizes", report.sizes());
        root.put("run", run);

        MachineFacts facts = report.machine();
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", facts.cores());
        machine.put("memoryBytes", facts.memoryBytes());
        machine.put("cpuModel", facts.cpuModel());
        machine.put("os", facts.os());
        machine.put("java", facts.java());
        machine.put("maxHeapBytes", facts.maxHeapBytes());
        machine.put("postgresql", facts.postgresql());
        machine.put("loadAverageAtStart", facts.loadAverageAtStart());
        machine.put("loadAverageAtEnd", report.loadAverageAtEnd());
        root.put("machine", machine);

        List<Object> scenarios = new ArrayList<>();
        for (ScenarioResult result : report.scenarios()) {
            Map<String, Object> scenario = new LinkedHashMap<>();
            scenario.put("number", result.number());
            scenario.put("id", result.id());
            scenario.put("title", result.title());
            scenario.put("status", result.status().name());
            scenario.put("seconds", result.seconds());
            if (result.reason() != null) {
                scenario.put("reason", result.reason());
            }
            scenario.put("method", result.method());
            List<Object> figures = new ArrayList<>();
            for (Figure figure : result.figures()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", figure.name());
                entry.put("role", figure.role().name());
                entry.put("unit", figure.unit());
                entry.put("value", figure.value());
                entry.put("better", figure.better().name());
                if (figure.noneWhenZero()) {
                    entry.put("noneWhenZero", true);
                }
                if (figure.ceiling() != null) {
                    Map<String, Object> ceiling = new LinkedHashMap<>();
                    ceiling.put("name", figure.ceiling().name());
                    ceiling.put("unit", figure.ceiling().unit());
                    ceiling.put("value", figure.ceiling().value());
                    entry.put("ceiling", ceiling);
                }
                figure.ratio().ifPresent(ratio -> entry.put("ratio", ratio));
                if (figure.target() != null) {
                    Map<String, Object> target = new LinkedHashMap<>();
                    target.put("text", figure.target().text());
                    target.put("kind", figure.target().kind().name());
                    target.put("threshold", figure.target().threshold());
                    figure.met().ifPresent(met -> target.put("met", met));
                    entry.put("target", target);
                }
                figures.add(entry);
            }
            scenario.put("figures", figures);
            scenario.put("notes", result.notes());
            scenarios.add(scenario);
        }
        root.put("scenarios", scenarios);
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the JSON report", e);
        }
    }
}
