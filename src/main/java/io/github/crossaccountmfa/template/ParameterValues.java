package io.github.crossaccountmfa.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values for template parameters, as a deployment gives them: {@code --parameter-overrides Key=Value ...} (the
 * syntax of {@code sam deploy} and {@code aws cloudformation deploy}, including
 * {@code ParameterKey=K,ParameterValue=V}), CloudFormation's parameter file
 * {@code [{"ParameterKey": …, "ParameterValue": …}]}, a CodePipeline template configuration
 * {@code {"Parameters": {…}}}, or the {@code parameter_overrides} of a SAM configuration file
 * ({@code samconfig.toml} or {@code samconfig.yaml}). The same values bind Terraform variables.
 *
 * @param values parameter name → value, in the order given
 */
public record ParameterValues(Map<String, String> values) {
    public static final ParameterValues NONE = new ParameterValues(Map.of());

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern CLOUDFORMATION_FORM =
            Pattern.compile("ParameterKey=([^,]+),ParameterValue=(.*)", Pattern.DOTALL);

    public ParameterValues {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The values of {@code overrides}, replacing those of this. */
    public ParameterValues with(ParameterValues overrides) {
        Map<String, String> merged = new LinkedHashMap<>(values);
        merged.putAll(overrides.values());
        return new ParameterValues(merged);
    }

    /** The values as bindings for {@link Intrinsics}. */
    Map<String, JsonNode> bindings() {
        Map<String, JsonNode> bindings = new LinkedHashMap<>();
        values.forEach((k, v) -> bindings.put(k, JsonNodeFactory.instance.textNode(OpenValues.literal(v))));
        return bindings;
    }

    /**
     * Reads {@code Key=Value} arguments; one argument may hold several, separated by spaces, with values in double
     * quotes where they contain spaces (as {@code samconfig.toml} writes them).
     *
     * @throws IllegalArgumentException naming the argument that is not {@code Key=Value}
     */
    public static ParameterValues parseOverrides(List<String> arguments) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String argument : arguments) {
            for (String token : tokens(argument)) {
                Matcher cloudFormation = CLOUDFORMATION_FORM.matcher(token);
                String key;
                String value;
                if (cloudFormation.matches()) {
                    key = cloudFormation.group(1);
                    value = cloudFormation.group(2);
                } else {
                    int equals = token.indexOf('=');
                    if (equals <= 0) {
                        throw new IllegalArgumentException("parameter override \"" + token + "\" is not Key=Value");
                    }
                    key = token.substring(0, equals);
                    value = token.substring(equals + 1);
                }
                if (!NAME.matcher(key).matches()) {
                    throw new IllegalArgumentException("parameter override \"" + token
                            + "\": \"" + key + "\" is not a parameter name");
                }
                values.put(key, value);
            }
        }
        return new ParameterValues(values);
    }

    /** Whether {@code argument} looks like one or more {@code Key=Value} overrides (and not like a file name). */
    public static boolean isOverride(String argument) {
        String first = tokens(argument).stream().findFirst().orElse("");
        int equals = first.indexOf('=');
        return equals > 0 && NAME.matcher(first.substring(0, equals)).matches();
    }

    /** Splits on spaces outside double quotes; quotes are removed, {@code \"} keeps a quote. */
    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                current.append('"');
                i++;
                any = true;
            } else if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) {
                    tokens.add(current.toString());
                    current.setLength(0);
                    any = false;
                }
            } else {
                current.append(c);
                any = true;
            }
        }
        if (any) {
            tokens.add(current.toString());
        }
        return tokens;
    }

    /**
     * Reads a parameter file: CloudFormation's JSON list, a CodePipeline template configuration, or a SAM
     * configuration ({@code .toml}, {@code .yaml}/{@code .yml}) whose {@code [ENV.deploy.parameters]}
     * {@code parameter_overrides} it takes ({@code environment}, default {@code default}).
     *
     * @throws IllegalArgumentException saying what is wrong with the file, in the tool's words
     */
    public static ParameterValues read(Path file, Optional<String> environment) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage());
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".toml") || name.endsWith(".yaml") || name.endsWith(".yml")) {
            return samConfig(file, text, environment.orElse("default"));
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not valid JSON");
        }
        if (root != null && root.isArray()) {
            return cloudFormationList(file, root);
        }
        if (root != null && root.path("Parameters").isObject()) {
            Map<String, String> values = new LinkedHashMap<>();
            root.get("Parameters").properties().forEach(e -> values.put(e.getKey(), scalar(e.getValue())));
            return new ParameterValues(values);
        }
        throw new IllegalArgumentException(file + ": expected [{\"ParameterKey\": …, \"ParameterValue\": …}] or "
                + "{\"Parameters\": {…}}");
    }

    private static ParameterValues cloudFormationList(Path file, JsonNode list) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode entry = list.get(i);
            if (!entry.path("ParameterKey").isTextual()) {
                throw new IllegalArgumentException(file + ": [" + i + "].ParameterKey: expected a string");
            }
            if (entry.path("UsePreviousValue").asBoolean(false)) {
                // The deployed value is not in the file: the parameter stays open.
                continue;
            }
            if (!entry.path("ParameterValue").isValueNode()) {
                throw new IllegalArgumentException(file + ": [" + i + "].ParameterValue: expected a string");
            }
            values.put(entry.get("ParameterKey").textValue(), scalar(entry.get("ParameterValue")));
        }
        return new ParameterValues(values);
    }

    private static ParameterValues samConfig(Path file, String text, String environment) {
        JsonNode root;
        try {
            boolean toml = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".toml");
            root = toml ? new TomlMapper().readTree(text)
                    : JSON.valueToTree(new org.yaml.snakeyaml.Yaml().load(text));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + ": not a valid SAM configuration file");
        }
        JsonNode overrides = root == null ? null
                : root.path(environment).path("deploy").path("parameters").get("parameter_overrides");
        if (overrides == null) {
            throw new IllegalArgumentException(file + ": no " + environment + ".deploy.parameters.parameter_overrides");
        }
        List<String> arguments = new ArrayList<>();
        if (overrides.isArray()) {
            overrides.forEach(o -> arguments.add(o.asText()));
        } else {
            arguments.add(overrides.asText());
        }
        return parseOverrides(arguments);
    }

    private static String scalar(JsonNode node) {
        return node.isValueNode() ? node.asText() : node.toString();
    }
}
