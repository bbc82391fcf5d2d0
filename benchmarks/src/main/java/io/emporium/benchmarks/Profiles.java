package io.emporium.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Optional profiles ({@code --profile}): a JDK Flight Recorder recording of the whole JVM per scenario, and a
 * text summary of where its CPU samples fell, by layer (HTTP server, Axon, Hibernate, JDBC driver, Jackson,
 * the load generator...) and by hottest method. Samples are of running Java code only: time a thread spends
 * waiting for PostgreSQL is not in them.
 */
public final class Profiles {

    /** Package prefixes and the layer their frames belong to, checked in this order. */
    private static final Map<String, String> LAYERS = new LinkedHashMap<>();

    static {
        LAYERS.put("jdk.internal.net.http.", "load generator (JDK HttpClient)");
        LAYERS.put("io.emporium.benchmarks.", "load generator (harness)");
        LAYERS.put("org.postgresql.", "PostgreSQL JDBC driver");
        LAYERS.put("com.zaxxer.hikari.", "HikariCP");
        LAYERS.put("org.hibernate.validator.", "Hibernate Validator");
        LAYERS.put("org.hibernate.", "Hibernate");
        LAYERS.put("org.axonframework.", "Axon Framework");
        LAYERS.put("com.fasterxml.jackson.", "Jackson");
        LAYERS.put("io.emporium.", "Emporium");
        LAYERS.put("org.apache.catalina.", "Tomcat");
        LAYERS.put("org.apache.coyote.", "Tomcat");
        LAYERS.put("org.apache.tomcat.", "Tomcat");
        LAYERS.put("org.springframework.", "Spring");
    }

    private final Path directory;

    public Profiles(Path directory) {
        this.directory = directory;
    }

    /** Starts recording; {@link Running#stop} writes the recording and its summary. */
    public Running start(String name) throws IOException, ParseException {
        Recording recording = new Recording(Configuration.getConfiguration("profile"));
        recording.setName(name);
        recording.start();
        return new Running(recording, name);
    }

    /** A recording in progress. */
    public final class Running {

        private final Recording recording;
        private final String name;

        private Running(Recording recording, String name) {
            this.recording = recording;
            this.name = name;
        }

        /** Stops, writes {@code name.jfr} and {@code name.txt}, and returns the summary's path. */
        public Path stop() throws IOException {
            Files.createDirectories(directory);
            Path jfr = directory.resolve(name + ".jfr");
            recording.stop();
            recording.dump(jfr);
            recording.close();
            Path summary = directory.resolve(name + ".txt");
            Files.writeString(summary, summarize(jfr, 25));
            return summary;
        }
    }

    /** Where the CPU samples of a recording fell: by layer, then the hottest methods by own samples. */
    public static String summarize(Path jfr, int topMethods) throws IOException {
        Map<String, Long> byLayer = new TreeMap<>();
        Map<String, Long> byMethod = new TreeMap<>();
        long samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(jfr)) {
            if (!"jdk.ExecutionSample".equals(event.getEventType().getName())) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = stack.getFrames();
            RecordedFrame top = frames.get(0);
            byMethod.merge(top.getMethod().getType().getName() + "." + top.getMethod().getName(), 1L, Long::sum);
            byLayer.merge(layerOf(frames), 1L, Long::sum);
        }
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%,d CPU samples of running Java code (waits on PostgreSQL are not sampled)%n%n",
                samples));
        text.append("by layer (the first frame from the top that belongs to a known library):\n");
        appendShares(text, byLayer, samples, Integer.MAX_VALUE);
        text.append("\nhottest methods (own samples):\n");
        appendShares(text, byMethod, samples, topMethods);
        return text.toString();
    }

    private static String layerOf(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            for (Map.Entry<String, String> layer : LAYERS.entrySet()) {
                if (type.startsWith(layer.getKey())) {
                    return layer.getValue();
                }
            }
        }
        return "other (JDK, logging, ...)";
    }

    private static void appendShares(StringBuilder text, Map<String, Long> counts, long total, int limit) {
        counts.entrySet().stream()
              .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
              .limit(limit)
              .forEach(entry -> text.append(String.format(Locale.ROOT, "  %5.1f%%  %,8d  %s%n",
                      total == 0 ? 0 : 100.0 * entry.getValue() / total, entry.getValue(), entry.getKey())));
    }
}
