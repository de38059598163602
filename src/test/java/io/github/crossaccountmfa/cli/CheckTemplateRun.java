package io.github.crossaccountmfa.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine;

/** Runs {@code check-template} in-process and captures what it prints. */
record CheckTemplateRun(int status, String out, String err) {
    static final String TEMPLATES = "src/test/resources/templates/";
    static final String PARTNER_ACCESS = TEMPLATES + "cloudformation/partner-access.yaml";
    static final String AUDIT_JSON = TEMPLATES + "cloudformation/cross-account-audit.json";
    static final String INVALID_POLICY = TEMPLATES + "cloudformation/invalid-policy.yaml";
    static final String MALFORMED = TEMPLATES + "cloudformation/malformed.yaml";
    static final String SAM = TEMPLATES + "sam/template.yaml";
    static final String CDK_OUT = TEMPLATES + "cdk/cdk.out";
    static final String PLAN = TEMPLATES + "terraform/plan.json";
    static final String ACCOUNT = "111111111111";

    private static final ObjectMapper JSON = new ObjectMapper();

    static CheckTemplateRun of(String... arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] args = Stream.concat(Stream.of("check-template"), Stream.of(arguments)).toArray(String[]::new);
        int status = cli.execute(args);
        return new CheckTemplateRun(status, out.toString(), err.toString());
    }

    /** The --format json output, one object per line. */
    List<JsonNode> jsonLines() {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                lines.add(parse(line));
            }
        }
        return lines;
    }

    /** The --format json object of one resource. */
    JsonNode role(String resource) {
        return jsonLines().stream().filter(n -> n.path("resource").asText().equals(resource)).findFirst()
                .orElseThrow(() -> new AssertionError("no output line for " + resource + " in:\n" + out));
    }

    JsonNode sarif() {
        return parse(out);
    }

    static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** The 1-based line of the first line of {@code file} that is exactly {@code text} (after stripping). */
    static int lineOf(String file, String text) {
        try {
            List<String> lines = Files.readAllLines(Path.of(file));
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).strip().equals(text)) {
                    return i + 1;
                }
            }
            throw new AssertionError("no line \"" + text + "\" in " + file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
