package io.github.crossaccountmfa.remediation;

import io.github.crossaccountmfa.aws.IamRoleDirectory;
import io.github.crossaccountmfa.aws.AwsRemediation;

import static io.github.crossaccountmfa.remediation.IamRoles.COMPLIANT;
import static io.github.crossaccountmfa.remediation.IamRoles.OFFENDING;
import static io.github.crossaccountmfa.remediation.IamRoles.PARTNER;
import static io.github.crossaccountmfa.remediation.IamRoles.SPLIT_NEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.crossaccountmfa.rule.Compliance;
import io.github.crossaccountmfa.rule.RuleParameters;
import io.github.crossaccountmfa.rule.VerdictEngine;
import io.github.crossaccountmfa.testing.MotoServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sns.SnsClient;

/** {@link RoleRemediation} against a real moto IAM (and SNS). */
@Tag("moto")
@ExtendWith(MotoServer.class)
class RoleRemediationTest {
    private IamRoles roles;
    private final List<String> notices = new ArrayList<>();

    @BeforeEach
    void setUp() {
        roles = IamRoles.fresh();
    }

    private RoleRemediation remediation(String parameters) {
        Notifier recorder = (subject, body) -> {
            notices.add(subject + "\n" + body);
            return "message-" + notices.size();
        };
        return new RoleRemediation(new IamRoleDirectory(roles.iam), new VerdictEngine(RuleParameters.parse(parameters)),
                Optional.of(recorder));
    }

    @Test
    void dryRunProposesMfaOnTheOffendingStatementAndLeavesTheRoleUnchanged() {
        String id = roles.create("partner-access", OFFENDING);
        JsonNode original = roles.trustPolicy("partner-access");

        RemediationReport report = remediation("{}").run(new RoleSelector.ById(id), false);

        assertThat(report.roleName()).isEqualTo("partner-access");
        assertThat(report.roleId()).isEqualTo(id);
        assertThat(report.before().compliance()).isEqualTo(Compliance.NON_COMPLIANT);
        assertThat(report.after().compliance()).isEqualTo(Compliance.COMPLIANT);
        assertThat(report.changed()).isTrue();
        assertThat(report.applied()).isFalse();
        JsonNode proposed = IamRoles.tree(report.proposedPolicy().orElseThrow());
        assertThat(proposed.at("/Statement/0/Condition/Bool/aws:MultiFactorAuthPresent").asText()).isEqualTo("true");
        assertThat(proposed.at("/Statement/0/Condition/StringEquals/sts:ExternalId").asText())
                .as("existing conditions are kept").isEqualTo("partner-4711");
        assertThat(proposed.at("/Statement/0/Sid").asText()).isEqualTo("Partner");
        assertThat(roles.trustPolicy("partner-access")).as("IAM unchanged by a dry run").isEqualTo(original);
        assertThat(notices).as("a dry run tells nobody").isEmpty();
    }

    @Test
    void publicRoleRemediationSaysPlainlyThatMfaDoesNotMakeItPrivate() {
        String id = roles.create("open-to-all", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},\
                "Action":"sts:AssumeRole"}]}""");

        RemediationReport report = remediation("{}").run(new RoleSelector.ById(id), false);

        assertThat(report.after().compliance()).isEqualTo(Compliance.COMPLIANT);
        assertThat(report.warnings()).singleElement().asString()
                .contains("MFA does not make a public role private")
                .contains("aws:PrincipalAccount").contains("aws:PrincipalOrgID").contains("name the principals");
        assertThat(RemediationJson.toJson(report).get("warnings")).hasSize(1);
    }

    @Test
    void organizationLimitedRoleRemediationHasNoPublicWarning() {
        String id = roles.create("org-only", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},\
                "Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}""");

        RemediationReport report = remediation("{}").run(new RoleSelector.ById(id), false);

        assertThat(report.changed()).isTrue();
        assertThat(report.warnings()).isEmpty();
        assertThat(RemediationJson.toJson(report).has("warnings")).isFalse();
    }

    @Test
    void applyWritesExactlyTheProposedPolicyAndASecondRunChangesNothing() {
        String id = roles.create("partner-access", OFFENDING);
        RemediationReport proposal = remediation("{}").run(new RoleSelector.ById(id), false);

        RemediationReport applied = remediation("{}").run(new RoleSelector.ById(id), true);

        assertThat(applied.applied()).isTrue();
        assertThat(roles.trustPolicy("partner-access"))
                .isEqualTo(IamRoles.tree(applied.proposedPolicy().orElseThrow()))
                .isEqualTo(IamRoles.tree(proposal.proposedPolicy().orElseThrow()));
        RemediationReport again = remediation("{}").run(new RoleSelector.ById(id), true);
        assertThat(again.changed()).isFalse();
        assertThat(again.applied()).isFalse();
        assertThat(again.before().compliance()).isEqualTo(Compliance.COMPLIANT);
        assertThat(again.changes()).isEmpty();
        assertThat(roles.trustPolicy("partner-access")).isEqualTo(IamRoles.tree(applied.proposedPolicy().get()));
    }

    @Test
    void appliedChangeIsAnnouncedWithTheAffectedPrincipalsAndTheChanges() {
        String id = roles.create("partner-access", OFFENDING);

        RemediationReport report = remediation("{}").run(new RoleSelector.ById(id), true);

        assertThat(report.notification()).contains("message-1");
        assertThat(notices).singleElement().asString()
                .startsWith("IAM role partner-access now requires MFA for cross-account access")
                .contains(PARTNER + " (statement 1)")
                .contains("arn:aws:iam::123456789012:role/partner-access")
                .contains("statement 1: added");
    }

    @Test
    void splitKeepsTheOwnAccountAndTheServiceWithoutMfaAndRequiresItOfTheThirdParty() {
        roles.create("mixed", SPLIT_NEEDED);

        remediation("{}").run(new RoleSelector.ByName("mixed"), true);

        JsonNode statements = roles.trustPolicy("mixed").get("Statement");
        assertThat(statements).hasSize(2);
        assertThat(statements.get(0).at("/Principal/AWS").asText()).isEqualTo("arn:aws:iam::123456789012:root");
        assertThat(statements.get(0).at("/Principal/Service").asText()).isEqualTo("ec2.amazonaws.com");
        assertThat(statements.get(0).has("Condition")).isFalse();
        assertThat(statements.get(1).at("/Principal/AWS").asText()).isEqualTo(PARTNER);
        assertThat(statements.get(1).at("/Condition/Bool/aws:MultiFactorAuthPresent").asText()).isEqualTo("true");
    }

    @Test
    void boolIfExistsIsUpgradedToBoolInIam() {
        roles.create("weak-mfa", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"222222222222"},
                 "Action":"sts:AssumeRole","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"true"}}}]}""");

        remediation("{}").run(new RoleSelector.ByName("weak-mfa"), true);

        JsonNode condition = roles.trustPolicy("weak-mfa").at("/Statement/0/Condition");
        assertThat(condition.at("/Bool/aws:MultiFactorAuthPresent").asText()).isEqualTo("true");
        assertThat(condition.has("BoolIfExists")).isFalse();
    }

    @Test
    void compliantRoleIsLeftAloneEvenWithApply() {
        String id = roles.create("with-mfa", COMPLIANT);
        JsonNode original = roles.trustPolicy("with-mfa");

        RemediationReport report = remediation("{}").run(new RoleSelector.ById(id), true);

        assertThat(report.changed()).isFalse();
        assertThat(report.applied()).isFalse();
        assertThat(report.after()).isEqualTo(report.before());
        assertThat(roles.trustPolicy("with-mfa")).isEqualTo(original);
        assertThat(notices).isEmpty();
    }

    @Test
    void trustedAccountsFromTheRuleParametersAreNotOffending() {
        String id = roles.create("partner-access", OFFENDING);

        RemediationReport report = remediation("{\"TrustedAccountIds\":\"222222222222\"}")
                .run(new RoleSelector.ById(id), true);

        assertThat(report.changed()).isFalse();
        assertThat(report.before().compliance()).isEqualTo(Compliance.NOT_APPLICABLE);
    }

    @Test
    void roleWithTheExemptionTagIsNotChanged() {
        String id = roles.createTagged("vendor", OFFENDING, "mfa-exempt", "vendor automation, ticket SEC-12");
        JsonNode original = roles.trustPolicy("vendor");

        RemediationReport report = remediation("{\"ExemptionTagKey\":\"mfa-exempt\"}")
                .run(new RoleSelector.ById(id), true);

        assertThat(report.changed()).isFalse();
        assertThat(report.before().compliance()).isEqualTo(Compliance.NOT_APPLICABLE);
        assertThat(report.before().annotation()).contains("vendor automation");
        assertThat(roles.trustPolicy("vendor")).isEqualTo(original);
    }

    @Test
    void roleIsFoundByIdAmongOthers() {
        roles.create("a", COMPLIANT);
        String id = roles.create("b", OFFENDING);
        roles.create("c", OFFENDING);

        RemediationReport report = remediation("{}").run(new RoleSelector.ById(id), false);

        assertThat(report.roleName()).isEqualTo("b");
    }

    @Test
    void unknownRoleIdIsAnErrorThatNamesTheIdAndChangesNothing() {
        roles.create("partner-access", OFFENDING);
        JsonNode original = roles.trustPolicy("partner-access");

        assertThatThrownBy(() -> remediation("{}").run(new RoleSelector.ById("AROANOSUCHROLE0000001"), true))
                .isInstanceOf(RemediationException.class)
                .hasMessageContaining("AROANOSUCHROLE0000001")
                .hasMessageContaining("nothing was changed");
        assertThat(roles.trustPolicy("partner-access")).isEqualTo(original);
    }

    @Test
    void unknownRoleNameIsAnErrorThatNamesTheRole() {
        assertThatThrownBy(() -> remediation("{}").run(new RoleSelector.ByName("nobody"), false))
                .isInstanceOf(RemediationException.class)
                .hasMessage("no IAM role named nobody in this account");
    }

    @Test
    void snsTopicReceivesTheNoticeOfAnAppliedChange() {
        String id = roles.create("partner-access", OFFENDING);
        String topic;
        try (SnsClient sns = SnsClient.builder().credentialsProvider(roles.clients.credentials())
                .region(roles.clients.region()).httpClient(
                        software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build()) {
            topic = sns.createTopic(r -> r.name("role-changes")).topicArn();
        }

        RemediationReport report = AwsRemediation.using(roles.clients, Optional.of(topic))
                .with(new VerdictEngine(RuleParameters.DEFAULTS)).run(new RoleSelector.ById(id), true);

        assertThat(report.notification()).hasValueSatisfying(messageId -> assertThat(messageId).isNotBlank());
    }

    @Test
    void notificationTopicMustBeAnSnsTopicArn() {
        assertThatThrownBy(() -> AwsRemediation.using(roles.clients, Optional.of("role-changes")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an SNS topic ARN");
    }
}
