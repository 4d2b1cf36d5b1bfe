package dev.outflow.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * How the sandbox's Connect worker finds the Outflow plugins: the one place that knows. As on a
 * production worker, they come from their built Confluent Hub archives, unpacked into a directory
 * on {@code plugin.path}: each connector in its own class loader, none on the sandbox's classpath.
 * The sandbox never names a connector class in code, only in config (the names below), as a user does.
 * A connector of the user's own comes the same way, from the archive its build made ({@code --plugin}).
 */
final class Plugins {

    static final String SHEETS_CONNECTOR = "dev.outflow.connect.sheets.SheetsSinkConnector";
    static final String SLACK_CONNECTOR = "dev.outflow.connect.slack.SlackSinkConnector";
    static final String HUBSPOT_CONNECTOR = "dev.outflow.connect.hubspot.HubSpotSinkConnector";
    static final String HTTP_CONNECTOR = "dev.outflow.connect.http.HttpSinkConnector";

    /** Where the build leaves the archives, relative to the repository root (sandbox.sh runs from there). */
    private static final List<Path> ARCHIVE_DIRS = List.of(
            Path.of("connector-sheets", "target"),
            Path.of("connector-slack", "target"),
            Path.of("connector-hubspot", "target"),
            Path.of("connector-http", "target"));

    private Plugins() {}

    /**
     * Unpacks Outflow's archives and the user's own ({@code --plugin}) into {@code stateDir/plugins}
     * and returns the worker properties that load them.
     */
    static Map<String, String> workerProps(Path stateDir, List<Path> ownArchives) throws IOException {
        Path plugins = stateDir.resolve("plugins");
        Files.createDirectories(plugins);
        List<Path> all = new ArrayList<>(archives());
        all.addAll(ownArchives);
        for (Path archive : all) {
            unzip(archive, plugins);
        }
        return Map.of("plugin.path", plugins.toAbsolutePath().toString(), "plugin.discovery", "service_load");
    }

    private static List<Path> archives() throws IOException {
        List<Path> found = new ArrayList<>();
        for (Path dir : ARCHIVE_DIRS) {
            try (DirectoryStream<Path> zips = Files.newDirectoryStream(dir, "outflow-kafka-connect-*.zip")) {
                zips.forEach(found::add);
            } catch (java.nio.file.NoSuchFileException e) {
                throw new IllegalStateException("no connector archive in " + dir + ": build first (./sandbox.sh does)");
            }
        }
        return found;
    }

    private static void unzip(Path archive, Path into) throws IOException {
        try (InputStream in = Files.newInputStream(archive);
                ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("an archive entry points outside the plugin directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
