package io.github.crossaccountmfa.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.crossaccountmfa.rule.Compliance;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code scan/sample-roles.json}: 40 roles of a realistic account (vendors, partners, CI, SSO, services,
 * service-linked) with the verdict each should get, and the rule parameters they assume.
 */
public final class SampleRoles {
    private static final ObjectMapper JSON = new ObjectMapper();

    public final String parameters;
    public final Map<String, Compliance> expected = new LinkedHashMap<>();
    public final FakeRoleSource source = new FakeRoleSource();

    private SampleRoles(JsonNode root) throws IOException {
        parameters = JSON.writeValueAsString(root.get("parameters"));
        for (JsonNode role : root.get("roles")) {
            Map<String, String> tags = new LinkedHashMap<>();
            role.get("tags").properties().forEach(e -> tags.put(e.getKey(), e.getValue().asText()));
            String name = role.get("name").asText();
            source.add(name, role.get("path").asText(), JSON.writeValueAsString(role.get("policy")), tags);
            expected.put(name, Compliance.valueOf(role.get("expected").asText()));
        }
    }

    public static SampleRoles load() {
        try (InputStream in = SampleRoles.class.getResourceAsStream("/scan/sample-roles.json")) {
            return new SampleRoles(JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long count(Compliance compliance) {
        return expected.values().stream().filter(c -> c == compliance).count();
    }
}
