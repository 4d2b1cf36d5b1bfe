package dev.outflow.connect.core.internal.row;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * A Struct schema compiled for the hot path: the flattened names and each leaf's kind, worked out
 * once per schema, so mapping a record of that schema concatenates no names and looks up no kinds.
 * Leaves are still read by {@link ValueWalker} (the one type dispatch); this class only knows the
 * shape. Layouts are cached per schema identity by {@link Cache}.
 */
final class StructLayout {

    final Schema schema;
    final Node root;
    /** Exact when {@link #fixed}; a guess otherwise. */
    final int expectedCells;
    /** True when no flattened Map makes the names vary from record to record. */
    final boolean fixed;
    /** The key shape for which this layout's full name list (value plus metadata) was found free of duplicates. */
    volatile Object verifiedKey;

    private StructLayout(Schema schema, Node root, int expectedCells, boolean fixed) {
        this.schema = schema;
        this.root = root;
        this.expectedCells = expectedCells;
        this.fixed = fixed;
    }

    /** The cells of {@code struct}, a value of this layout's schema (or read by its field names). */
    void emit(Struct struct, CellSink out) {
        emitFields(root, struct, out);
    }

    /** NULL cells for every field: a null Struct keeps its columns. */
    void emitNulls(CellSink out) {
        emitNullFields(root, out);
    }

    private static void emitFields(Node node, Struct struct, CellSink out) {
        Node[] children = node.children;
        Field[] fields = node.fields;
        if (struct.schema() == node.schema) {
            for (int i = 0; i < children.length; i++) {
                emitNode(children[i], struct.get(fields[i]), out);
            }
        } else {
            for (int i = 0; i < children.length; i++) {
                emitNode(children[i], ValueWalker.fieldValue(struct, node.schema, fields[i]), out);
            }
        }
    }

    private static void emitNode(Node node, Object v, CellSink out) {
        if (!node.flatten) {
            ValueWalker.walkKind(node.kind, node.schema, v, node.name, node.level, out);
        } else if (v == null) {
            if (!node.schema.isOptional()) {
                throw ValueWalker.mismatch(node.name, node.schema, null);
            }
            if (node.kind == ValueWalker.K_STRUCT) {
                emitNullFields(node, out);
            } else {
                out.addNull(node.name);
            }
        } else if (node.kind == ValueWalker.K_STRUCT) {
            if (!(v instanceof Struct struct)) {
                throw ValueWalker.mismatch(node.name, node.schema, v);
            }
            emitFields(node, struct, out);
        } else {
            if (!(v instanceof Map<?, ?> map)) {
                throw ValueWalker.mismatch(node.name, node.schema, v);
            }
            out.entries(node.schema, map, node.prefix, node.name, node.level + 1);
        }
    }

    private static void emitNullFields(Node node, CellSink out) {
        for (Node child : node.children) {
            if (child.flatten && child.kind == ValueWalker.K_STRUCT) {
                emitNullFields(child, out);
            } else {
                out.addNull(child.name);
            }
        }
    }

    // ---------------------------------------------------------------- compiling

    /** Compiles {@code schema}, whose fields are named {@code prefix + field} at level 0. */
    static StructLayout compile(Schema schema, String prefix, String rootName, int flattenMaxDepth) {
        int[] counts = new int[2]; // [0]: expected cells, [1]: flattened maps (names vary per record)
        Node root = compileStruct(schema, rootName, prefix, -1, counts, flattenMaxDepth);
        return new StructLayout(schema, root, counts[0], counts[1] == 0);
    }

    private static Node compileStruct(
            Schema schema, String name, String prefix, int level, int[] counts, int maxDepth) {
        List<Field> fieldList = schema.fields();
        Field[] fields = fieldList.toArray(new Field[0]);
        Node[] children = new Node[fields.length];
        for (int i = 0; i < fields.length; i++) {
            children[i] = compileField(fields[i].schema(), prefix + fields[i].name(), level + 1, counts, maxDepth);
        }
        return new Node(name, schema, ValueWalker.K_STRUCT, true, prefix, level, children, fields);
    }

    private static Node compileField(Schema schema, String name, int level, int[] counts, int maxDepth) {
        int kind = ValueWalker.kindOf(schema);
        if (level < maxDepth) {
            if (kind == ValueWalker.K_STRUCT) {
                return compileStruct(schema, name, name + ".", level, counts, maxDepth);
            }
            if (kind == ValueWalker.K_MAP) {
                counts[0] += 4;
                counts[1]++;
                return new Node(name, schema, kind, true, name + ".", level, null, null);
            }
        }
        counts[0]++;
        return new Node(name, schema, kind, false, null, level, null, null);
    }

    /** One field of a layout: a leaf (one cell, maybe of JSON text), or a flattened Struct or Map. */
    private static final class Node {
        final String name;
        final Schema schema;
        final int kind;
        /** A Struct or Map whose fields become fields; false for a leaf (including JSON-text Structs, Maps, arrays). */
        final boolean flatten;
        /** {@code name + "."}, or the key prefix for the root of a key layout; null for a leaf. */
        final String prefix;
        /** The nesting level of this field (-1 for the root); its children are at {@code level + 1}. */
        final int level;

        final Node[] children;
        final Field[] fields;

        Node(
                String name,
                Schema schema,
                int kind,
                boolean flatten,
                String prefix,
                int level,
                Node[] children,
                Field[] fields) {
            this.name = name;
            this.schema = schema;
            this.kind = kind;
            this.flatten = flatten;
            this.prefix = prefix;
            this.level = level;
            this.children = children;
            this.fields = fields;
        }
    }

    /**
     * Layouts by schema identity, with the last one used kept aside: a topic's records nearly always
     * share one schema object (converters cache them), so the usual lookup is one comparison.
     */
    static final class Cache {
        /** Schemas kept; a converter that builds a new schema per record must not fill memory. */
        private static final int MAX_CACHED_SCHEMAS = 256;

        private final Map<Schema, StructLayout> layouts = new IdentityHashMap<>();
        private final String prefix;
        private final String rootName;
        private final int flattenMaxDepth;
        private volatile StructLayout last;

        Cache(String prefix, String rootName, int flattenMaxDepth) {
            this.prefix = prefix;
            this.rootName = rootName;
            this.flattenMaxDepth = flattenMaxDepth;
        }

        StructLayout get(Schema schema) {
            StructLayout recent = last;
            if (recent != null && recent.schema == schema) {
                return recent;
            }
            StructLayout layout;
            synchronized (layouts) {
                layout = layouts.get(schema);
                if (layout == null) {
                    if (layouts.size() >= MAX_CACHED_SCHEMAS) {
                        layouts.clear();
                    }
                    layout = compile(schema, prefix, rootName, flattenMaxDepth);
                    layouts.put(schema, layout);
                }
            }
            last = layout;
            return layout;
        }
    }
}
