package io.github.crossaccountmfa.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class RuleParametersTest {

    @Test
    void everyParameterIsParsedAndTrimmed() {
        RuleParameters parameters = RuleParameters.parse("""
                {"TrustedAccountIds":" 111111111111, 222222222222 ","TrustedOrganizationIds":"o-abcdefghij",
                 "AcceptExternalId":"TRUE","ExemptionTagKey":"security:mfa-exempt","ExecutionRoleName":"ConfigRuleExecution"}""");

        assertThat(parameters.trustedAccountIds()).containsExactlyInAnyOrder("111111111111", "222222222222");
        assertThat(parameters.trustedOrganizationIds()).containsExactly("o-abcdefghij");
        assertThat(parameters.acceptExternalId()).isTrue();
        assertThat(parameters.exemptionTagKey()).contains("security:mfa-exempt");
        assertThat(parameters.executionRoleName()).contains("ConfigRuleExecution");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  ", "{}", "null", "{\"TrustedAccountIds\":\"\",\"AcceptExternalId\":\"\"}"})
    void absentOrEmptyParametersAreTheDefaults(String json) {
        assertThat(RuleParameters.parse(json)).isEqualTo(RuleParameters.DEFAULTS);
    }

    @Test
    void jsonBooleanIsAcceptedForAcceptExternalId() {
        assertThat(RuleParameters.parse("{\"AcceptExternalId\":true}").acceptExternalId()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"TrustedAccounts":"111111111111"}          | unknown rule parameter "TrustedAccounts"
            {"TrustedAccountIds":"12345"}               | TrustedAccountIds: "12345" is not a 12-digit account id
            {"TrustedAccountIds":"111111111111,,"}      | TrustedAccountIds: "" is not a 12-digit account id
            {"TrustedOrganizationIds":"org-1"}          | TrustedOrganizationIds: "org-1" is not an organization id
            {"AcceptExternalId":"maybe"}                | AcceptExternalId: expected "true" or "false", got "maybe"
            {"ExecutionRoleName":"role/with/slash"}     | ExecutionRoleName: "role/with/slash" is not an IAM role name
            {"ExemptionTagKey":["a"]}                   | ExemptionTagKey: expected a string, got array
            [1,2]                                       | rule parameters must be a JSON object of strings
            {not json                                   | rule parameters are not valid JSON
            """)
    void malformedParameterIsAnErrorNamingTheKey(String json, String message) {
        assertThatThrownBy(() -> RuleParameters.parse(json))
                .isInstanceOf(ParameterException.class)
                .hasMessageStartingWith(message);
    }
}
