package dev.outflow.connect.core.internal.row;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.outflow.connect.core.api.Row;

/**
 * The mapping classes form no cycle: the type dispatch ({@link ValueWalker}) knows only its visitor
 * interface, and neither visitor nor the JSON reader calls back into {@link RowMapper}. Read from
 * the compiled classes' constant pools, which name every class a class refers to.
 */
class RowPackageDependenciesTest {

    private static final String PACKAGE = "dev/outflow/connect/core/internal/row/";

    private static String constantPool(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static boolean refersTo(Class<?> from, Class<?> to) throws IOException {
        String pool = constantPool(from);
        String name = PACKAGE + to.getSimpleName();
        // "L...;" in descriptors, or a bare class entry (followed by a non-identifier byte)
        return pool.contains("L" + name + ";") || pool.matches("(?s).*" + name + "(?![A-Za-z0-9_$]).*");
    }

    @Test
    void theWalkerKnowsOnlyItsVisitor() throws IOException {
        assertThat(refersTo(ValueWalker.class, ValueVisitor.class)).isTrue();
        for (Class<?> other : new Class<?>[] {CellSink.class, JsonWriter.class, RowMapper.class, StructLayout.class}) {
            assertThat(refersTo(ValueWalker.class, other))
                    .as(other.getSimpleName())
                    .isFalse();
        }
    }

    @Test
    void nothingTheMapperUsesCallsTheMapper() throws IOException {
        for (Class<?> user : new Class<?>[] {
            ValueWalker.class,
            CellSink.class,
            JsonWriter.class,
            JsonDocumentReader.class,
            StructLayout.class,
            RowTree.class,
            Row.class
        }) {
            assertThat(refersTo(user, RowMapper.class)).as(user.getSimpleName()).isFalse();
        }
        assertThat(refersTo(JsonWriter.class, CellSink.class)).isFalse();
        assertThat(refersTo(CellSink.class, StructLayout.class)).isFalse();
        assertThat(refersTo(CellSink.class, JsonWriter.class))
                .as("the check sees a reference")
                .isTrue();
    }
}
