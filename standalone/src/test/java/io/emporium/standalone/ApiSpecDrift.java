package io.emporium.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Compares two OpenAPI documents: the canonical text of one (keys sorted, pretty printed, so that a committed file
 * diffs line by line) and the places where two differ, named by JSON path.
 */
final class ApiSpecDrift {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private ApiSpecDrift() {
    }

    static String canonical(String json) throws IOException {
        return JSON.writeValueAsString(JSON.treeToValue(JSON.readTree(json), Object.class)) + "\n";
    }

    /** Where {@code actual} differs from {@code expected}: one line per path, at most {@code limit}. */
    static List<String> differences(String expected, String actual, int limit) throws IOException {
        List<String> found = new ArrayList<>();
        compare("$", JSON.readTree(expected), JSON.readTree(actual), found, limit);
        return found;
    }

    private static void compare(String path, JsonNode expected, JsonNode actual, List<String> found, int limit) {
        if (found.size() >= limit || expected.equals(actual)) {
            return;
        }
        if (expected.isObject() && actual.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = expected.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode other = actual.get(field.getKey());
                if (other == null) {
                    found.add(path + "." + field.getKey() + ": in the committed file, gone from the running API");
                } else {
                    compare(path + "." + field.getKey(), field.getValue(), other, found, limit);
                }
            }
            actual.fieldNames().forEachRemaining(name -> {
                if (!expected.has(name) && found.size() < limit) {
                    found.add(path + "." + name + ": new in the running API, not in the committed file");
                }
            });
        } else {
            found.add(path + ": committed " + abbreviate(expected) + ", running " + abbreviate(actual));
        }
    }

    private static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() > 120 ? text.substring(0, 117) + "..." : text;
    }
}
