package dev.outflow.sandbox;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;

/**
 * The file the worker's {@code FileConfigProvider} reads: where each app is and how to sign in to
 * it. Connector configs refer to its keys, as in {@code ${file:.sandbox/apps.properties:slack.bot.token}},
 * so no secret sits in a connector config, in the REST API's answers or in Connect's config topic,
 * and the same connector JSON works against the emulators and against the real apps.
 */
final class AppSettings {

    static final String FILE_NAME = "apps.properties";

    private final Path file;

    private AppSettings(Path file) {
        this.file = file;
    }

    /** Writes the settings readable by this user only: with real apps they hold a real token. */
    static AppSettings write(Path dir, Map<String, String> settings) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Properties properties = new Properties();
        properties.putAll(settings);
        try (Writer out = Files.newBufferedWriter(file)) {
            properties.store(
                    out, "Outflow sandbox: where the apps are, for ${file:...} references in connector configs");
        }
        return new AppSettings(file);
    }

    /** A config-provider reference to one setting, resolved by the worker when it starts a connector. */
    String ref(String key) {
        return "${file:" + file + ":" + key + "}";
    }

    /** The settings die with the sandbox: a real token should not outlive it on disk. */
    void delete() throws IOException {
        Files.deleteIfExists(file);
    }
}
