package io.github.crossaccountmfa.testing;

import java.io.InputStream;
import java.io.ByteArrayInputStream;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.crossaccountmfa.invocation.RuleEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** The sample events in {@code events/} (the same files the README and users run), and variations of them. */
public final class Events {
    public static final Path DIRECTORY = Path.of("events");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Events() {
    }

    /** The text of {@code events/<name>}. */
    public static String text(String name) {
        try {
            return Files.readString(DIRECTORY.resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static RuleEvent event(String name) {
        return RuleEvent.fromJson(text(name));
    }

    /** The event as the Lambda runtime hands it to a stream handler: its JSON bytes. */
    public static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code events/<name>} with its decoded {@code invokingEvent} edited by {@code edit}, re-encoded as a string. */
    public static String withInvokingEvent(String name, Consumer<ObjectNode> edit) {
        try {
            ObjectNode outer = (ObjectNode) JSON.readTree(text(name));
            ObjectNode invoking = (ObjectNode) JSON.readTree(outer.get("invokingEvent").textValue());
            edit.accept(invoking);
            outer.put("invokingEvent", JSON.writeValueAsString(invoking));
            return JSON.writeValueAsString(outer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code events/<name>} with its envelope edited by {@code edit}. */
    public static String withEnvelope(String name, Consumer<ObjectNode> edit) {
        try {
            ObjectNode outer = (ObjectNode) JSON.readTree(text(name));
            edit.accept(outer);
            return JSON.writeValueAsString(outer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
