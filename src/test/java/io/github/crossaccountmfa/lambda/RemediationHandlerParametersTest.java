package io.github.crossaccountmfa.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.crossaccountmfa.remediation.RemediationException;
import io.github.crossaccountmfa.remediation.RoleDirectory;
import io.github.crossaccountmfa.remediation.RoleRemediation;
import io.github.crossaccountmfa.rule.RoleRecord;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The remediation function decides what is offending with the parameters it was deployed with (its
 * {@code RULE_PARAMETERS} variable) and nothing else: a caller cannot bring its own.
 */
class RemediationHandlerParametersTest {
    private static final String PARTNER_ONLY = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},
             "Action":"sts:AssumeRole"}]}""";

    private final Map<String, String> written = new HashMap<>();
    private final RoleDirectory directory = new RoleDirectory() {
        @Override
        public Optional<String> nameOf(String roleId) {
            return Optional.of("partner");
        }

        @Override
        public java.util.List<RoleRecord> list() {
            return java.util.List.of();
        }

        @Override
        public Optional<RoleRecord> find(String roleName) {
            return Optional.of(new RoleRecord("partner", "AROAPARTNER000000001", "arn:aws:iam::111111111111:role/partner",
                    "/", PARTNER_ONLY, Optional.of(Map.of())));
        }

        @Override
        public void replaceTrustPolicy(String roleName, String document) {
            written.put(roleName, document);
        }
    };

    private RemediationHandler handler(String configured) {
        return new RemediationHandler(engine -> new RoleRemediation(directory, engine, Optional.empty()),
                Optional.ofNullable(configured));
    }

    @Test
    void theConfiguredParametersDecideWhatIsOffending() {
        Map<String, Object> trusted = handler("{\"TrustedAccountIds\":\"222222222222\"}")
                .handleRequest(Map.of("RoleId", "AROAPARTNER000000001", "Apply", "true"), null);
        Map<String, Object> untrusted = handler("{}")
                .handleRequest(Map.of("RoleId", "AROAPARTNER000000001", "Apply", "true"), null);

        assertThat(trusted).containsEntry("changed", false);
        assertThat(untrusted).containsEntry("changed", true).containsEntry("applied", true);
        assertThat(written).containsOnlyKeys("partner");
    }

    @Test
    void ruleParametersInThePayloadCannotOverrideThemAndNothingIsWritten() {
        RemediationHandler handler = handler("{}");

        for (Object parameters : new Object[] {"{\"TrustedAccountIds\":\"222222222222\"}",
                Map.of("TrustedAccountIds", "222222222222"), ""}) {
            assertThatThrownBy(() -> handler.handleRequest(Map.of("RoleId", "AROAPARTNER000000001", "Apply", "true",
                    "RuleParameters", parameters), null))
                    .isInstanceOf(RemediationException.class)
                    .hasMessage("RuleParameters is not accepted in the input: the function uses the rule parameters "
                            + "it was deployed with (its RULE_PARAMETERS variable); nothing was changed");
        }
        assertThat(written).isEmpty();
    }

    @Test
    void malformedConfiguredParametersFailTheInvocationNamingTheVariable() {
        assertThatThrownBy(() -> handler("{\"TrustedAccountIds\":\"12\"}")
                .handleRequest(Map.of("RoleId", "AROAPARTNER000000001", "Apply", "true"), null))
                .isInstanceOf(RemediationException.class)
                .hasMessageStartingWith("the function's RULE_PARAMETERS variable: TrustedAccountIds: \"12\" is not")
                .hasMessageEndingWith("nothing was changed");
        assertThat(written).isEmpty();
    }
}
