package io.github.crossaccountmfa.template;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A parsed JSON or YAML document with the 1-based source line of its values, so findings can point at the line
 * of the resource that declares a role.
 *
 * @param root  the document
 * @param lines line of each value by JSON pointer; for an object member, the line of its key
 */
record LocatedTree(JsonNode root, Map<String, Integer> lines) {

    LocatedTree {
        lines = Map.copyOf(lines);
    }

    OptionalInt line(JsonPointer pointer) {
        Integer line = lines.get(pointer.toString());
        return line == null ? OptionalInt.empty() : OptionalInt.of(line);
    }
}
