package dev.outflow.benchmarks.suite;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.common.utils.AppInfoParser;

import com.sun.management.OperatingSystemMXBean;

/** The machine the figures come from, and how busy it was: this one is shared, so the load matters. */
final class Machine {

    private Machine() {}

    static Map<String, Object> describe(double loadAtStart) {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cores", Runtime.getRuntime().availableProcessors());
        out.put("memory_gib", Math.round(os.getTotalMemorySize() / 1073741824.0 * 10) / 10.0);
        out.put(
                "os",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
        out.put(
                "java",
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
                        + System.getProperty("java.vendor") + ")");
        out.put(
                "java_options",
                String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        out.put("kafka", AppInfoParser.getVersion());
        out.put("load_average_at_start", round(loadAtStart));
        out.put("load_average_at_end", round(loadAverage()));
        return out;
    }

    /** The 1-minute load average, or -1 where the system does not tell. */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static double round(double value) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.2f", value));
    }
}
