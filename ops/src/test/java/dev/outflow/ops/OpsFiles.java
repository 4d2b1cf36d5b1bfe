package dev.outflow.ops;

import java.nio.file.Path;

/** Where the ops files are: the module's folder, which the build passes in. */
final class OpsFiles {

    private OpsFiles() {}

    static Path dir() {
        String dir = System.getProperty("outflow.ops.dir");
        if (dir == null) {
            throw new IllegalStateException("run through Maven: the ops folder comes in the outflow.ops.dir property");
        }
        return Path.of(dir);
    }

    static Path exporterRules() {
        return dir().resolve("prometheus/outflow-connect.yml");
    }

    static Path dashboard() {
        return dir().resolve("grafana/outflow-dashboard.json");
    }

    static Path kubernetes() {
        return dir().resolve("kubernetes");
    }
}
