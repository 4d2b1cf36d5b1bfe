package dev.outflow.dist;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A connector's Confluent Hub archive as the build left it in its module's target folder
 * (system property {@value #DIRS_PROPERTY}), and unpacked as a user would into a plugin.path folder.
 */
record HubArchive(Path zip) {

    static final String DIRS_PROPERTY = "outflow.archive.dirs";
    static final String OWNER = System.getProperty("outflow.hub.owner");
    static final String VERSION = System.getProperty("outflow.version");

    /** The archive of each connector module: the one zip named after the Hub owner in its target folder. */
    static List<HubArchive> all() {
        String dirs = System.getProperty(DIRS_PROPERTY);
        if (dirs == null || OWNER == null || VERSION == null) {
            throw new IllegalStateException("run through failsafe, which sets -D" + DIRS_PROPERTY
                    + ", -Doutflow.hub.owner and -Doutflow.version");
        }
        List<HubArchive> archives = new ArrayList<>();
        for (String dir : dirs.split(",")) {
            try (Stream<Path> files = Files.list(Path.of(dir))) {
                List<Path> zips = files.filter(f -> f.getFileName().toString().startsWith(OWNER + "-")
                                && f.getFileName().toString().endsWith(".zip"))
                        .toList();
                if (zips.size() != 1) {
                    throw new IllegalStateException(
                            "expected one archive in " + dir + ", found " + zips + " (run mvn package)");
                }
                archives.add(new HubArchive(zips.get(0)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return archives;
    }

    String fileName() {
        return zip.getFileName().toString();
    }

    /** The names of the entries at the top of the archive: a component archive has exactly one folder there. */
    List<String> topLevelNames() {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            return file.stream()
                    .map(entry -> entry.getName().split("/")[0])
                    .distinct()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Unzips into {@code dir} and returns the component's folder there. */
    Path unpackInto(Path dir) {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path target = dir.resolve(entry.getName()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IllegalStateException(
                            fileName() + " has an entry outside its folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = file.getInputStream(entry)) {
                        Files.copy(in, target);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir.resolve(topLevelNames().get(0));
    }

    /** The names of the files in a folder of an unpacked component, sorted. */
    static List<String> fileNames(Path folder) {
        String[] names = folder.toFile().list();
        if (names == null) {
            return List.of();
        }
        Arrays.sort(names);
        return List.of(names);
    }

    @Override
    public String toString() {
        return fileName();
    }
}
