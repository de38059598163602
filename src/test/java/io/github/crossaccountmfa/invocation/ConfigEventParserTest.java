package io.github.crossaccountmfa.invocation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.crossaccountmfa.rule.RoleRecord;
import io.github.crossaccountmfa.testing.Events;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConfigEventParserTest {

    @Test
    void changeEventGivesTheItemAndTheEnvelope() {
        RuleInvocation invocation = ConfigEventParser.parse(Events.event("change-noncompliant.json"));

        assertThat(invocation).isInstanceOfSatisfying(RuleInvocation.Change.class, change -> {
            ConfigurationItem item = change.item();
            assertThat(item.resourceType()).isEqualTo("AWS::IAM::Role");
            assertThat(item.resourceId()).isEqualTo("AROAEXAMPLEROLEID0001");
            assertThat(item.resourceName()).contains("partner-audit");
            assertThat(item.status()).isEqualTo(ItemStatus.OK);
            assertThat(item.captureTime()).isEqualTo(Instant.parse("2024-03-01T10:05:12.345Z"));
            assertThat(item.configuration()).isPresent();
        });
        RuleInvocation.Header header = invocation.header();
        assertThat(header.messageType()).isEqualTo(ConfigEventParser.CHANGE);
        assertThat(header.ruleName()).contains("cross-account-mfa-rule");
        assertThat(header.accountId()).contains("123456789012");
        assertThat(header.resultToken()).isEqualTo("TESTMODE");
        assertThat(header.parameters().trustedAccountIds()).containsExactlyInAnyOrder("111111111111", "222222222222");
    }

    @Test
    void configurationItemBecomesARoleRecordWithItsUrlEncodedPolicyAndTags() {
        RuleInvocation.Change change = (RuleInvocation.Change) ConfigEventParser.parse(Events.event("change-exempt.json"));

        RoleRecord role = RoleItems.roleRecord(change.item(), "configurationItem");

        assertThat(role.name()).isEqualTo("vendor-backup");
        assertThat(role.id()).isEqualTo("AROAEXAMPLEROLEID0006");
        assertThat(role.arn()).isEqualTo("arn:aws:iam::123456789012:role/vendor-backup");
        assertThat(role.path()).isEqualTo("/");
        assertThat(role.trustPolicyDocument()).startsWith("%7B%22Version%22");
        assertThat(role.tags()).hasValueSatisfying(tags ->
                assertThat(tags).containsEntry("mfa-exempt", "Vendor automation, approved in SEC-1234"));
    }

    @Test
    void oversizedEventGivesTheSummaryWithoutConfiguration() {
        RuleInvocation invocation = ConfigEventParser.parse(Events.event("oversized.json"));

        assertThat(invocation).isInstanceOfSatisfying(RuleInvocation.Oversized.class, oversized -> {
            assertThat(oversized.summary().resourceId()).isEqualTo("AROAEXAMPLEROLEID0001");
            assertThat(oversized.summary().configuration()).isEmpty();
        });
    }

    @Test
    void scheduledEventGivesTheNotificationTime() {
        RuleInvocation invocation = ConfigEventParser.parse(Events.event("scheduled.json"));

        assertThat(invocation).isInstanceOfSatisfying(RuleInvocation.Scheduled.class, scheduled ->
                assertThat(scheduled.notificationCreationTime()).isEqualTo(Instant.parse("2024-03-03T00:00:00.123Z")));
    }

    @Test
    void deletedRoleItemNeedsNoConfiguration() {
        RuleInvocation.Change change = (RuleInvocation.Change) ConfigEventParser.parse(Events.event("change-deleted.json"));

        assertThat(change.item().status().deleted()).isTrue();
        assertThat(change.item().configuration()).isEmpty();
    }

    @Test
    void timestampWithAnOffsetIsAccepted() {
        RuleInvocation.Change change = (RuleInvocation.Change) ConfigEventParser.parse(RuleEvent.fromJson(
                Events.withInvokingEvent("change-noncompliant.json", inv -> ((ObjectNode) inv.get("configurationItem"))
                        .put("configurationItemCaptureTime", "2024-03-01T11:05:12.345+01:00"))));

        assertThat(change.item().captureTime()).isEqualTo(Instant.parse("2024-03-01T10:05:12.345Z"));
    }

    @Test
    void unknownEnvelopeFieldsSuchAsEvaluationModeAreIgnored() {
        RuleInvocation invocation = ConfigEventParser.parse(RuleEvent.fromJson(
                Events.withEnvelope("scheduled.json", e -> e.put("evaluationMode", "DETECTIVE"))));

        assertThat(invocation).isInstanceOf(RuleInvocation.Scheduled.class);
    }

    @Test
    void rolePathIsTakenFromTheArnWhenTheItemHasNone() {
        assertThat(RoleItems.pathFromArn("arn:aws:iam::123456789012:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport"))
                .isEqualTo("/aws-service-role/support.amazonaws.com/");
        assertThat(RoleItems.pathFromArn("arn:aws:iam::123456789012:role/partner")).isEqualTo("/");
    }
}
