package io.github.crossaccountmfa.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The trust-policy corpus under {@code src/test/resources/cases}: policies with expected verdicts and twins. */
public final class PolicyCorpus {
    /** The request time the corpus is written for ({@code aws:CurrentTime} cases). */
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private PolicyCorpus() {
    }

    /**
     * One case.
     *
     * @param parameters the rule parameters as JSON text, when the case has any
     * @param policy     the document text (raw JSON or a URL-encoded string)
     * @param publicTrust whether the case expects a PUBLIC_TRUST finding, when the case says
     */
    public record Case(String file, String name, String twin, String account, Optional<String> parameters,
                       String expected, List<String> offending, String policy, Optional<Boolean> publicTrust) {
        @Override
        public String toString() {
            return file + ": " + name;
        }
    }

    public static List<Case> cases() {
        try {
            URL folder = PolicyCorpus.class.getResource("/cases");
            List<Case> all = new ArrayList<>();
            try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
                for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                    try (InputStream in = Files.newInputStream(file)) {
                        for (JsonNode node : JSON.readTree(in)) {
                            all.add(toCase(file.getFileName().toString(), node));
                        }
                    }
                }
            }
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Case toCase(String file, JsonNode node) throws IOException {
        JsonNode policy = node.get("policy");
        List<String> offending = new ArrayList<>();
        if (node.has("offending")) {
            node.get("offending").forEach(o -> offending.add(o.asText()));
        }
        Optional<String> parameters = node.has("parameters")
                ? Optional.of(JSON.writeValueAsString(node.get("parameters"))) : Optional.empty();
        return new Case(file, node.get("name").asText(), node.get("twin").asText(),
                node.path("account").asText("111111111111"), parameters, node.get("expected").asText(),
                offending, policy.isTextual() ? policy.asText() : JSON.writeValueAsString(policy),
                node.has("publicTrust") ? Optional.of(node.get("publicTrust").asBoolean()) : Optional.empty());
    }
}
