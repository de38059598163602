package io.github.crossaccountmfa.testing;

import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
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

    /** The event as the Lambda runtime hands it to the handler: its JSON turned into a {@code ConfigEvent}. */
    public static ConfigEvent configEvent(String text) {
        RuleEvent event = RuleEvent.fromJson(text);
        return new ConfigEvent()
                .withInvokingEvent(event.invokingEvent())
                .withRuleParameters(event.ruleParameters())
                .withResultToken(event.resultToken())
                .withEventLeftScope(event.eventLeftScope())
                .withExecutionRoleArn(event.executionRoleArn())
                .withConfigRuleArn(event.configRuleArn())
                .withConfigRuleName(event.configRuleName())
                .withConfigRuleId(event.configRuleId())
                .withAccountId(event.accountId())
                .withVersion(event.version());
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
