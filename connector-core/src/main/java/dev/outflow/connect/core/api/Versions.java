package dev.outflow.connect.core.api;

/** The version a plugin reports to the worker: its jar's Implementation-Version. */
final class Versions {

    private Versions() {}

    static String of(Class<?> pluginClass) {
        String version = pluginClass.getPackage().getImplementationVersion();
        return version != null ? version : "unknown";
    }
}
