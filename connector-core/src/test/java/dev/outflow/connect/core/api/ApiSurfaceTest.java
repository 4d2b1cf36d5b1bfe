package dev.outflow.connect.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.outflow.connect.core.internal.task.SinkEngine;

/**
 * The API is closed: an author who uses {@code api} and {@code api.config} never has to name an
 * engine type, because no public or protected signature there mentions one.
 */
class ApiSurfaceTest {

    private static final String INTERNAL = "dev.outflow.connect.core.internal";

    @Test
    void noApiSignatureNamesAnInternalType() throws Exception {
        List<String> leaks = new ArrayList<>();
        List<Class<?>> api = apiClasses();
        assertThat(api)
                .as("the scan finds the API")
                .contains(Destination.class, Row.class, dev.outflow.connect.core.api.config.SinkConfig.class);
        for (Class<?> type : api) {
            if (!exposed(type.getModifiers())) {
                continue;
            }
            check(leaks, type.getName() + " extends", type.getGenericSuperclass());
            for (var iface : type.getGenericInterfaces()) {
                check(leaks, type.getName() + " implements", iface);
            }
            for (Method method : type.getDeclaredMethods()) {
                if (exposed(method.getModifiers()) && !method.isSynthetic()) {
                    check(leaks, type.getName() + "." + method.getName(), method.toGenericString());
                }
            }
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (exposed(constructor.getModifiers())) {
                    check(leaks, type.getName() + " constructor", constructor.toGenericString());
                }
            }
            for (Field field : type.getDeclaredFields()) {
                if (exposed(field.getModifiers())) {
                    check(leaks, type.getName() + "." + field.getName(), field.toGenericString());
                }
            }
        }
        assertThat(leaks).isEmpty();
    }

    @Test
    void theCheckSeesAnInternalTypeWhereOneIsNamed() {
        List<String> leaks = new ArrayList<>();
        check(leaks, "probe", SinkEngine.class);
        assertThat(leaks).hasSize(1);
    }

    private static boolean exposed(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static void check(List<String> leaks, String where, Object signature) {
        if (signature != null && signature.toString().contains(INTERNAL)) {
            leaks.add(where + ": " + signature);
        }
    }

    /** Every class compiled into the api packages, nested ones included. */
    private static List<Class<?>> apiClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(Destination.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Path api = root.resolve(Destination.class.getPackageName().replace('.', '/'));
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(api)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                if (!name.endsWith("package-info")) {
                    classes.add(Class.forName(name, false, ApiSurfaceTest.class.getClassLoader()));
                }
            }
        }
        return classes;
    }
}
