package io.github.crossaccountmfa.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLinesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void printsOneObjectPerRoleInListingOrderWithTheAccountAndExactlyTheSpecKeysInOrder() throws Exception {
        ScanResult result = ScanFixtures.scan(ScanFixtures.threeVerdicts(), "");
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            JsonLines.print(out, result);
        }

        List<String> lines = text.toString().lines().toList();
        assertThat(lines).hasSize(3);
        List<String> names = new ArrayList<>();
        for (String line : lines) {
            JsonNode node = JSON.readTree(line);
            List<String> keys = new ArrayList<>();
            node.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).containsExactly("accountId", "roleName", "roleId", "arn", "compliance", "annotation",
                    "findings", "access");
            names.add(node.get("roleName").asText());
        }
        assertThat(names).containsExactly("zeta-own", "beta-mfa", "alpha-partner");

        JsonNode partner = JSON.readTree(lines.get(2));
        assertThat(partner.get("roleId").asText()).isEqualTo(Policies.roleId("alpha-partner")).startsWith("AROA");
        assertThat(partner.get("arn").asText()).isEqualTo("arn:aws:iam::123456789012:role/partners/alpha-partner");
        assertThat(partner.get("compliance").asText()).isEqualTo("NON_COMPLIANT");
        assertThat(partner.get("annotation").asText()).startsWith("Assumable without MFA by arn:aws:iam::222222222222:root (statement 2");
        assertThat(partner.get("findings")).isNotEmpty();
        assertThat(partner.get("findings").get(0).get("kind").asText()).isEqualTo("NO_MFA");
        assertThat(partner.get("findings").get(0).get("statement").asInt()).isEqualTo(2);
        assertThat(partner.get("accountId").asText()).isEqualTo("123456789012");
        assertThat(lines.get(0)).startsWith("{\"accountId\":\"123456789012\",\"roleName\":\"zeta-own\",\"roleId\":\"AROA")
                .endsWith("\"findings\":[],\"access\":[]}");
    }
}
