package io.github.crossaccountmfa.template;

import static io.github.crossaccountmfa.template.TerraformExpressions.NODES;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.stream.Stream;

/**
 * Values for Terraform's root-module variables, as {@code terraform plan} takes them: variable files in HCL
 * ({@code .tfvars}) or JSON ({@code .tfvars.json}), and {@code -var}-style text values, converted to the variable's
 * declared type ({@code bool}, {@code number}, and lists or maps written in HCL, as {@code -var 'x=["a"]'}).
 *
 * @param values variable name → value, later files winning over earlier ones
 */
public record TerraformVariables(Map<String, JsonNode> values) {
    public static final TerraformVariables NONE = new TerraformVariables(Map.of());

    public TerraformVariables {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * Reads {@code --var-file} files, in order.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static TerraformVariables read(List<Path> files) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        for (Path file : files) {
            try {
                values.putAll(file(file));
            } catch (TemplateException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage());
            }
        }
        return new TerraformVariables(values);
    }

    /** The variable files Terraform loads from a root module's directory by itself, in its order. */
    static List<Path> automatic(Path directory) {
        List<Path> files = new ArrayList<>();
        for (String name : List.of("terraform.tfvars", "terraform.tfvars.json")) {
            if (Files.isRegularFile(directory.resolve(name))) {
                files.add(directory.resolve(name));
            }
        }
        try (Stream<Path> entries = Files.list(directory)) {
            entries.filter(f -> {
                String name = f.getFileName().toString();
                return (name.endsWith(".auto.tfvars") || name.endsWith(".auto.tfvars.json")) && Files.isRegularFile(f);
            }).sorted().forEach(files::add);
        } catch (IOException e) {
            // an unreadable directory is reported where its .tf files are read
        }
        return files;
    }

    /**
     * The values of one variable file.
     *
     * @throws TemplateException when it cannot be read or holds something other than literal values
     */
    static Map<String, JsonNode> file(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new TemplateException("no such file");
        } catch (IOException e) {
            throw new TemplateException("cannot read: " + e.getClass().getSimpleName());
        }
        Map<String, JsonNode> values = new LinkedHashMap<>();
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
            JsonNode root;
            try {
                root = TerraformExpressions.JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw new TemplateException("not valid JSON (line " + e.getLocation().getLineNr() + ")");
            }
            if (root == null || !root.isObject()) {
                throw new TemplateException("expected a JSON object of variable values");
            }
            root.properties().forEach(e -> values.put(e.getKey(), e.getValue()));
            return values;
        }
        for (Hcl.Attribute attribute : TerraformSyntax.parse(text).attributes()) {
            values.put(attribute.name(), literal(attribute.value()).orElseThrow(() -> new TemplateException(
                    attribute.name() + ": only literal values can be given in a variable file (line "
                            + attribute.line() + ")")));
        }
        return values;
    }

    /** The value of a literal expression: no references, no function calls. */
    static Optional<JsonNode> literal(Hcl.Expr expr) {
        switch (expr) {
            case Hcl.Literal literal -> {
                return Optional.of(literal.value());
            }
            case Hcl.Unary unary when unary.operator().equals("-") && unary.operand() instanceof Hcl.Literal l
                    && l.value().isNumber() -> {
                return Optional.of(NODES.numberNode(l.value().decimalValue().negate()));
            }
            case Hcl.TupleExpr tuple -> {
                ArrayNode array = NODES.arrayNode();
                for (Hcl.Expr item : tuple.items()) {
                    Optional<JsonNode> value = literal(item);
                    if (value.isEmpty()) {
                        return Optional.empty();
                    }
                    array.add(value.get());
                }
                return Optional.of(array);
            }
            case Hcl.ObjectExpr object -> {
                ObjectNode map = NODES.objectNode();
                for (Hcl.Item item : object.items()) {
                    Optional<JsonNode> key = literal(item.key());
                    Optional<JsonNode> value = literal(item.value());
                    if (key.isEmpty() || !key.get().isValueNode() || value.isEmpty()) {
                        return Optional.empty();
                    }
                    map.set(key.get().asText(), value.get());
                }
                return Optional.of(map);
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /**
     * A value as the variable's type makes it: text given on the command line becomes a boolean or a number, or
     * a list or map when it is written in HCL; other values as they are.
     */
    static JsonNode typed(JsonNode value, Optional<Hcl.Expr> type) {
        if (type.isEmpty() || !value.isTextual() || OpenValues.hasToken(value.textValue())) {
            return value;
        }
        String text = value.textValue();
        String typeName = type.get() instanceof Hcl.Variable v ? v.name()
                : type.get() instanceof Hcl.Call c ? c.name() : "any";
        switch (typeName) {
            case "bool" -> {
                return text.equals("true") || text.equals("false") ? NODES.booleanNode(Boolean.parseBoolean(text))
                        : value;
            }
            case "number" -> {
                try {
                    return NODES.numberNode(new java.math.BigDecimal(text));
                } catch (NumberFormatException e) {
                    return value;
                }
            }
            case "list", "set", "tuple", "map", "object" -> {
                try {
                    return literal(TerraformSyntax.parse("v = " + text).attributes().getFirst().value()).orElse(value);
                } catch (TemplateException | java.util.NoSuchElementException e) {
                    return value;
                }
            }
            default -> {
                return value;
            }
        }
    }
}
