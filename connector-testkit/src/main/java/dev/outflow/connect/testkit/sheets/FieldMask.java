package dev.outflow.connect.testkit.sheets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A {@code fields} selector, both for partial responses ({@code ?fields=sheets(properties(title))})
 * and for the update masks inside batchUpdate requests ({@code userEnteredValue,userEnteredFormat.numberFormat}).
 * Paths may use {@code .} or {@code /}; parentheses group sub-selections; {@code *} selects all.
 * Like the real API, whitespace is not skipped: {@code "a, b"} names a field {@code " b"}.
 */
final class FieldMask {

    /** Children by name; a node with no children selects everything below it. */
    private final Map<String, FieldMask> children = new LinkedHashMap<>();

    private FieldMask() {}

    static final class SyntaxException extends Exception {
        SyntaxException(String message) {
            super(message, null, false, false);
        }
    }

    static FieldMask parse(String text) throws SyntaxException {
        FieldMask root = new FieldMask();
        int[] pos = {0};
        parseList(text, pos, root);
        if (pos[0] != text.length()) {
            throw new SyntaxException("unexpected '" + text.charAt(pos[0]) + "' at " + pos[0]);
        }
        if (root.children.isEmpty()) {
            throw new SyntaxException("empty");
        }
        return root;
    }

    private static void parseList(String text, int[] pos, FieldMask into) throws SyntaxException {
        while (true) {
            parseItem(text, pos, into);
            if (pos[0] < text.length() && text.charAt(pos[0]) == ',') {
                pos[0]++;
                continue;
            }
            return;
        }
    }

    private static void parseItem(String text, int[] pos, FieldMask into) throws SyntaxException {
        FieldMask node = into;
        while (true) {
            int start = pos[0];
            while (pos[0] < text.length() && ",()/.".indexOf(text.charAt(pos[0])) < 0) {
                pos[0]++;
            }
            if (pos[0] == start) {
                throw new SyntaxException("empty field name at " + start);
            }
            String name = text.substring(start, pos[0]);
            FieldMask child = node.children.get(name);
            boolean existedAsLeaf = child != null && child.children.isEmpty();
            if (child == null) {
                child = new FieldMask();
                node.children.put(name, child);
            }
            if (pos[0] < text.length() && (text.charAt(pos[0]) == '/' || text.charAt(pos[0]) == '.')) {
                pos[0]++;
                if (existedAsLeaf) {
                    // already selects everything below: parse and drop the narrower path
                    parseItem(text, pos, new FieldMask());
                    return;
                }
                node = child;
                continue;
            }
            if (pos[0] < text.length() && text.charAt(pos[0]) == '(') {
                pos[0]++;
                FieldMask sub = existedAsLeaf ? new FieldMask() : child;
                parseList(text, pos, sub);
                if (pos[0] >= text.length() || text.charAt(pos[0]) != ')') {
                    throw new SyntaxException("missing ')'");
                }
                pos[0]++;
                return;
            }
            // a leaf: selects everything below, widening any narrower selection made earlier
            child.children.clear();
            return;
        }
    }

    /**
     * Checks every path against a message; answers the paths that name no field, dotted, as the
     * real API quotes them.
     */
    List<String> unknownPaths(String messageName) {
        List<String> bad = new ArrayList<>();
        check(Schema.message(messageName), "", bad);
        return bad;
    }

    private void check(Schema.Message m, String prefix, List<String> bad) {
        for (var e : children.entrySet()) {
            String name = e.getKey();
            String path = prefix.isEmpty() ? name : prefix + "." + name;
            if (name.equals("*")) {
                continue;
            }
            Schema.Field f = m.field(name);
            FieldMask sub = e.getValue();
            if (f == null) {
                bad.add(path + sub.firstLeafSuffix());
                continue;
            }
            if (sub.children.isEmpty() || f.type() == Schema.Type.ANY) {
                continue;
            }
            if (f.type() != Schema.Type.MESSAGE) {
                bad.add(path + sub.firstLeafSuffix());
                continue;
            }
            sub.check(Schema.message(f.ref()), path, bad);
        }
    }

    /** ".a.b" down the first branch to a leaf; "" for a leaf (the real API names whole paths). */
    private String firstLeafSuffix() {
        if (children.isEmpty()) {
            return "";
        }
        var first = children.entrySet().iterator().next();
        return "." + first.getKey() + first.getValue().firstLeafSuffix();
    }

    /** The partial response: a copy of {@code value} holding only what this mask selects. */
    JsonNode filter(JsonNode value, String messageName) {
        return filter(value, Schema.message(messageName));
    }

    private JsonNode filter(JsonNode value, Schema.Message m) {
        if (children.isEmpty() || value == null) {
            return value;
        }
        if (value.isArray()) {
            ArrayNode out = ApiError.JSON.arrayNode();
            for (JsonNode el : value) {
                out.add(filter(el, m));
            }
            return out;
        }
        if (!value.isObject()) {
            return value;
        }
        ObjectNode out = ApiError.JSON.objectNode();
        FieldMask star = children.get("*");
        for (var e : value.properties()) {
            Schema.Field f = m == null ? null : m.field(e.getKey());
            FieldMask sub = children.get(e.getKey());
            if (sub == null && f != null) {
                sub = children.get(f.snake());
            }
            if (sub == null) {
                sub = star;
            }
            if (sub == null) {
                continue;
            }
            Schema.Message next = f != null && f.type() == Schema.Type.MESSAGE ? Schema.message(f.ref()) : null;
            JsonNode filtered = sub.children.isEmpty() ? e.getValue() : sub.filter(e.getValue(), next);
            out.set(e.getKey(), filtered);
        }
        return out;
    }

    /**
     * The leaf paths of an update mask, each as lowerCamel names ({@code ["userEnteredFormat",
     * "numberFormat"]}); {@code ["*"]} stands for "every field".
     */
    List<List<String>> leafPaths(String messageName) {
        List<List<String>> out = new ArrayList<>();
        collect(Schema.message(messageName), new ArrayList<>(), out);
        return out;
    }

    private void collect(Schema.Message m, List<String> prefix, List<List<String>> out) {
        for (var e : children.entrySet()) {
            List<String> path = new ArrayList<>(prefix);
            Schema.Field f = m == null ? null : m.field(e.getKey());
            path.add(f != null ? f.json() : e.getKey());
            FieldMask sub = e.getValue();
            if (sub.children.isEmpty() || f == null || f.type() != Schema.Type.MESSAGE) {
                out.add(path);
            } else {
                sub.collect(Schema.message(f.ref()), path, out);
            }
        }
    }

    /** Applies an update mask: for each path, target takes source's value there, or loses its own. */
    static void applyUpdate(ObjectNode target, JsonNode source, List<List<String>> paths) {
        for (List<String> path : paths) {
            if (path.size() == 1 && path.get(0).equals("*")) {
                target.removeAll();
                if (source != null && source.isObject()) {
                    target.setAll((ObjectNode) source.deepCopy());
                }
                continue;
            }
            applyPath(target, source, path, 0);
        }
    }

    private static void applyPath(ObjectNode target, JsonNode source, List<String> path, int depth) {
        String name = path.get(depth);
        JsonNode sourceChild = source == null || !source.isObject() ? null : source.get(name);
        if (name.equals("*")) {
            target.removeAll();
            if (source != null && source.isObject()) {
                target.setAll((ObjectNode) source.deepCopy());
            }
            return;
        }
        if (depth == path.size() - 1) {
            if (sourceChild == null || sourceChild.isNull()) {
                target.remove(name);
            } else {
                target.set(name, sourceChild.deepCopy());
            }
            return;
        }
        JsonNode existing = target.get(name);
        ObjectNode child = existing != null && existing.isObject() ? (ObjectNode) existing : ApiError.JSON.objectNode();
        applyPath(child, sourceChild, path, depth + 1);
        if (child.isEmpty()) {
            target.remove(name);
        } else {
            target.set(name, child);
        }
    }
}
