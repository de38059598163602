package io.github.crossaccountmfa.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.crossaccountmfa.lambda.RemediationHandler;
import io.github.crossaccountmfa.testing.MotoServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The remediation Lambda handler, invoked directly with the {@code InputPayload} map that the SSM Automation step
 * sends, against a real moto IAM.
 */
@Tag("moto")
@ExtendWith(MotoServer.class)
class RemediationHandlerTest {
    private IamRoles roles;
    private RemediationHandler handler;

    @BeforeEach
    void setUp() {
        roles = IamRoles.fresh();
        handler = new RemediationHandler();
    }

    @Test
    void handlerStringMatchesTheClass() {
        assertThat(RemediationHandler.HANDLER).isEqualTo(RemediationHandler.class.getName() + "::handleRequest");
    }

    @Test
    void dryRunReturnsTheDocumentedObjectWithTheProposedPolicy() {
        String id = roles.create("partner-access", IamRoles.OFFENDING);
        JsonNode original = roles.trustPolicy("partner-access");

        Map<String, Object> output = handler.handleRequest(Map.of("RoleId", id, "Apply", "false"), null);

        assertThat(output).containsOnlyKeys("roleName", "roleId", "arn", "changed", "applied", "before", "after",
                "proposedPolicy", "changes");
        assertThat(output).containsEntry("roleName", "partner-access").containsEntry("roleId", id)
                .containsEntry("arn", "arn:aws:iam::123456789012:role/partner-access")
                .containsEntry("changed", true).containsEntry("applied", false);
        assertThat(output.get("before")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("compliance", "NON_COMPLIANT").containsKey("annotation");
        assertThat(output.get("after")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("compliance", "COMPLIANT");
        assertThat(output.get("proposedPolicy")).isInstanceOf(Map.class);
        assertThat(output.get("changes")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .singleElement().asString().contains("aws:MultiFactorAuthPresent");
        assertThat(roles.trustPolicy("partner-access")).isEqualTo(original);
    }

    @Test
    void applyGivenAsBooleanWritesThePolicyAndTheSecondInvocationChangesNothing() {
        String id = roles.create("partner-access", IamRoles.OFFENDING);

        Map<String, Object> first = handler.handleRequest(Map.of("RoleId", id, "Apply", true), null);
        Map<String, Object> second = handler.handleRequest(Map.of("RoleId", id, "Apply", "true"), null);

        assertThat(first).containsEntry("changed", true).containsEntry("applied", true);
        assertThat(roles.trustPolicy("partner-access").at("/Statement/0/Condition/Bool/aws:MultiFactorAuthPresent")
                .asText()).isEqualTo("true");
        assertThat(second).containsEntry("changed", false).containsEntry("applied", false)
                .doesNotContainKey("proposedPolicy").containsEntry("changes", List.of());
    }

    @Test
    void applyDefaultsToADryRun() {
        String id = roles.create("partner-access", IamRoles.OFFENDING);
        JsonNode original = roles.trustPolicy("partner-access");

        Map<String, Object> output = handler.handleRequest(Map.of("RoleId", id), null);

        assertThat(output).containsEntry("applied", false).containsEntry("changed", true);
        assertThat(roles.trustPolicy("partner-access")).isEqualTo(original);
    }

    @Test
    void ruleParametersInThePayloadAreRefusedAndNothingIsWritten() {
        String id = roles.create("partner-access", IamRoles.OFFENDING);
        JsonNode original = roles.trustPolicy("partner-access");

        assertThatThrownBy(() -> handler.handleRequest(Map.of("RoleId", id, "Apply", "true",
                "RuleParameters", "{\"TrustedAccountIds\":\"222222222222\"}"), null))
                .isInstanceOf(RemediationException.class)
                .hasMessageStartingWith("RuleParameters is not accepted in the input");
        assertThat(roles.trustPolicy("partner-access")).isEqualTo(original);
    }

    @Test
    void unknownRoleIdFailsTheInvocationWithAMessageNamingIt() {
        assertThatThrownBy(() -> handler.handleRequest(Map.of("RoleId", "AROANOSUCHROLE0000001"), null))
                .isInstanceOf(RemediationException.class)
                .hasMessageContaining("no IAM role has the id AROANOSUCHROLE0000001");
    }

    @Test
    void missingRoleIdIsAnError() {
        assertThatThrownBy(() -> handler.handleRequest(Map.of("Apply", "true"), null))
                .isInstanceOf(RemediationException.class)
                .hasMessageContaining("RoleId is missing");
    }

    @Test
    void unknownInputKeyIsAnErrorNamingTheKey() {
        assertThatThrownBy(() -> handler.handleRequest(Map.of("roleId", "AROAX"), null))
                .isInstanceOf(RemediationException.class)
                .hasMessageContaining("unknown input key(s) [roleId]");
    }

    @Test
    void applyThatIsNotABooleanIsAnError() {
        assertThatThrownBy(() -> handler.handleRequest(Map.of("RoleId", "AROAX", "Apply", "yes"), null))
                .isInstanceOf(RemediationException.class)
                .hasMessageContaining("Apply: expected \"true\" or \"false\", got \"yes\"");
    }

}
