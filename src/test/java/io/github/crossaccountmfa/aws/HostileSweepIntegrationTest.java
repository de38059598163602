package io.github.crossaccountmfa.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.crossaccountmfa.invocation.Deadline;
import io.github.crossaccountmfa.invocation.RuleEvent;
import io.github.crossaccountmfa.invocation.RuleRunner;
import io.github.crossaccountmfa.invocation.RunSummary;
import io.github.crossaccountmfa.testing.AwsTestEnvironment;
import io.github.crossaccountmfa.testing.ConfigStub;
import io.github.crossaccountmfa.testing.Events;
import io.github.crossaccountmfa.testing.FastAws;
import io.github.crossaccountmfa.testing.HostileInputs;
import io.github.crossaccountmfa.testing.MotoServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * A periodic sweep with the real SDK clients against moto, where IAM holds hostile trust policies among good roles
 * (as IAM would hand them out if they got in: the 1 197-character one with a 1 001-digit number fits IAM's quota):
 * every good role is still reported, each hostile one is NON_COMPLIANT, and the sweep completes and cleans up.
 */
@Tag("moto")
@ExtendWith(MotoServer.class)
class HostileSweepIntegrationTest {
    private static final List<String> HOSTILE = List.of("number-of-1001-digits.json", "key-of-50001-characters.json",
            "huge-principal-value.json", "duplicate-key.json", "statement-a-number.json");
    private static final String OWN = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},\
            "Action":"sts:AssumeRole"}]}""";
    private static final String THIRD_PARTY = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},\
            "Action":"sts:AssumeRole"}]}""";

    private static ConfigStub config;
    private static final Map<String, String> ids = new HashMap<>();

    @BeforeAll
    static void createRoles() {
        MotoServer.reset();
        AwsTestEnvironment.use(MotoServer.endpoint(), "http://127.0.0.1:1");
        try (IamClient iam = FastAws.clients().iam()) {
            for (int i = 0; i < 20; i++) {
                String name = "good-%02d".formatted(i);
                String policy = i % 4 == 0 ? THIRD_PARTY : OWN;
                ids.put(name, iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(policy)).role().roleId());
            }
            for (int i = 0; i < HOSTILE.size(); i++) {
                String name = "hostile-" + i;
                String policy = HostileInputs.policy(HOSTILE.get(i)).policy();
                ids.put(name, iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(policy)).role().roleId());
            }
        }
        config = new ConfigStub();
        AwsTestEnvironment.use(MotoServer.endpoint(), config.endpoint());
    }

    @AfterAll
    static void stop() {
        config.close();
    }

    @Test
    void everyGoodRoleIsReportedEachHostileOneIsNonCompliantAndTheSweepCompletes() {
        String event = Events.withEnvelope("scheduled.json", e -> e.put("ruleParameters", "{\"ExemptionTagKey\":\"x\"}"));

        RunSummary summary = new RuleRunner(new AwsRuleBackends(FastAws::clients, FastAws.RETRY))
                .run(RuleEvent.fromJson(event), Deadline.none());

        Map<String, JsonNode> byId = new HashMap<>();
        config.evaluations().forEach(e -> byId.put(e.get("ComplianceResourceId").textValue(), e));
        assertThat(byId).hasSize(ids.size());
        assertThat(summary.rolesListed()).isEqualTo(ids.size());
        for (int i = 0; i < 20; i++) {
            JsonNode evaluation = byId.get(ids.get("good-%02d".formatted(i)));
            assertThat(evaluation.get("ComplianceType").textValue()).isEqualTo(i % 4 == 0 ? "NON_COMPLIANT" : "NOT_APPLICABLE");
        }
        for (int i = 0; i < HOSTILE.size(); i++) {
            JsonNode evaluation = byId.get(ids.get("hostile-" + i));
            assertThat(evaluation.get("ComplianceType").textValue()).as(HOSTILE.get(i)).isEqualTo("NON_COMPLIANT");
            assertThat(evaluation.get("Annotation").textValue()).as(HOSTILE.get(i))
                    .startsWith("Trust policy could not be parsed, so it is not trusted: ")
                    .hasSizeLessThanOrEqualTo(256).doesNotContain(HostileInputs.LIBRARY_TEXT);
        }
        assertThat(config.bodies("GetComplianceDetailsByConfigRule")).as("the clean-up ran").hasSize(1);
    }
}
