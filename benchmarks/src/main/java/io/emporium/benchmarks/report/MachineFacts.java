package io.emporium.benchmarks.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The machine a run measured: without these, no figure can be compared with another run's.
 *
 * @param cores            processors available to the JVM
 * @param memoryBytes      physical memory
 * @param cpuModel         the CPU's model name, when the OS tells it
 * @param os               operating system, version and architecture
 * @param java             the Java runtime's vendor and version
 * @param maxHeapBytes     the harness JVM's maximum heap
 * @param postgresql       what {@code SELECT version()} answered
 * @param loadAverageAtStart the one-minute load average when the run started (a busy machine shows here)
 */
public record MachineFacts(int cores, long memoryBytes, String cpuModel, String os, String java, long maxHeapBytes,
                           String postgresql, double loadAverageAtStart) {

    public static MachineFacts read(String postgresqlVersion) {
        long memory = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize()
                : -1;
        return new MachineFacts(Runtime.getRuntime().availableProcessors(), memory, readCpuModel(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.runtime.version"),
                Runtime.getRuntime().maxMemory(), postgresqlVersion, loadAverage());
    }

    public static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String readCpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        try {
            if (Files.isReadable(cpuinfo)) {
                for (String line : Files.readAllLines(cpuinfo)) {
                    if (line.startsWith("model name")) {
                        return line.substring(line.indexOf(':') + 1).trim();
                    }
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // the model is a nicety; the report says "unknown" without it
        }
        return "unknown";
    }

    Map<String, Object> describe() {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("cores", cores);
        facts.put("memory", memoryBytes < 0 ? "unknown" : String.format("%.1f GiB", memoryBytes / (double) (1L << 30)));
        facts.put("CPU", cpuModel);
        facts.put("OS", os);
        facts.put("Java", java);
        facts.put("harness JVM max heap", String.format("%.1f GiB", maxHeapBytes / (double) (1L << 30)));
        facts.put("PostgreSQL", postgresql);
        facts.put("load average at start (1 min)", String.format("%.2f", loadAverageAtStart));
        return facts;
    }
}
