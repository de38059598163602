package io.github.crossaccountmfa.invocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.crossaccountmfa.rule.Compliance;
import io.github.crossaccountmfa.testing.Events;
import io.github.crossaccountmfa.testing.FakeBackend;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The orchestration, with fakes behind the backend interfaces: no network. */
class RuleRunnerTest {
    static final String THIRD_PARTY = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
            "Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"sts:AssumeRole"}]}""";
    static final String THIRD_PARTY_WITH_MFA = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
            "Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":"sts:AssumeRole",\
            "Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}""";
    static final String SERVICE = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
            "Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
    static final Instant SWEEP_TIME = Instant.parse("2024-03-03T00:00:00.123Z");
    static final Instant CAPTURE_TIME = Instant.parse("2024-03-01T10:05:12.345Z");

    private final FakeBackend backend = new FakeBackend();

    private RunSummary run(String eventText) {
        return new RuleRunner(backend, Duration.ZERO).run(RuleEvent.fromJson(eventText), Deadline.none());
    }

    @Nested
    class ChangeNotification {
        @Test
        void roleAssumableWithoutMfaIsReportedNonCompliantWithItsIdAndCaptureTime() {
            RunSummary summary = run(Events.text("change-noncompliant.json"));

            assertThat(backend.batches).singleElement().satisfies(batch -> assertThat(batch).singleElement()
                    .satisfies(e -> {
                        assertThat(e.resourceType()).isEqualTo("AWS::IAM::Role");
                        assertThat(e.resourceId()).isEqualTo("AROAEXAMPLEROLEID0001");
                        assertThat(e.compliance()).isEqualTo(Compliance.NON_COMPLIANT);
                        assertThat(e.annotation()).contains("arn:aws:iam::210987654321:root");
                        assertThat(e.orderingTimestamp()).isEqualTo(CAPTURE_TIME);
                    }));
            assertThat(backend.tokens).containsExactly("TESTMODE");
            assertThat(summary.nonCompliant()).isEqualTo(1);
            assertThat(summary.putCalls()).isEqualTo(1);
            assertThat(backend.listCalls).isZero();
            assertThat(backend.tagLookups).isEmpty();
        }

        @Test
        void roleThatRequiresMfaIsCompliant() {
            run(Events.text("change-compliant.json"));

            assertThat(backend.sentFor("AROAEXAMPLEROLEID0002").compliance()).isEqualTo(Compliance.COMPLIANT);
        }

        @Test
        void serviceRoleIsNotApplicable() {
            run(Events.text("change-not-applicable.json"));

            assertThat(backend.sentFor("AROAEXAMPLEROLEID0003").compliance()).isEqualTo(Compliance.NOT_APPLICABLE);
        }

        @Test
        void deletedRoleIsNotApplicableWithoutLookingAtAnyPolicy() {
            run(Events.text("change-deleted.json"));

            ResourceEvaluation e = backend.sentFor("AROAEXAMPLEROLEID0004");
            assertThat(e.compliance()).isEqualTo(Compliance.NOT_APPLICABLE);
            assertThat(e.annotation()).isEqualTo("Role was deleted (ResourceDeleted)");
            assertThat(e.orderingTimestamp()).isEqualTo(Instant.parse("2024-03-02T08:30:00.500Z"));
        }

        @Test
        void roleDeletedWithoutRecordingIsNotApplicable() {
            run(Events.withInvokingEvent("change-deleted.json", inv ->
                    ((ObjectNode) inv.get("configurationItem")).put("configurationItemStatus", "ResourceDeletedNotRecorded")));

            assertThat(backend.sentFor("AROAEXAMPLEROLEID0004").annotation())
                    .isEqualTo("Role was deleted (ResourceDeletedNotRecorded)");
        }

        @Test
        void roleNotRecordedIsNotApplicable() {
            run(Events.withInvokingEvent("change-noncompliant.json", inv -> {
                ObjectNode item = (ObjectNode) inv.get("configurationItem");
                item.put("configurationItemStatus", "ResourceNotRecorded");
                item.putNull("configuration");
            }));

            ResourceEvaluation e = backend.sentFor("AROAEXAMPLEROLEID0001");
            assertThat(e.compliance()).isEqualTo(Compliance.NOT_APPLICABLE);
            assertThat(e.annotation()).contains("ResourceNotRecorded");
        }

        @Test
        void roleThatLeftTheRulesScopeIsNotApplicable() {
            run(Events.withEnvelope("change-noncompliant.json", e -> e.put("eventLeftScope", true)));

            ResourceEvaluation e = backend.sentFor("AROAEXAMPLEROLEID0001");
            assertThat(e.compliance()).isEqualTo(Compliance.NOT_APPLICABLE);
            assertThat(e.annotation()).isEqualTo("Role left the rule's scope");
        }

        @Test
        void otherResourceTypeIsNotApplicableUnderItsOwnType() {
            run(Events.withInvokingEvent("change-noncompliant.json", inv -> {
                ObjectNode item = (ObjectNode) inv.get("configurationItem");
                item.put("resourceType", "AWS::IAM::User");
                item.put("resourceId", "AIDAEXAMPLEUSER00001");
            }));

            ResourceEvaluation e = backend.sentFor("AIDAEXAMPLEUSER00001");
            assertThat(e.resourceType()).isEqualTo("AWS::IAM::User");
            assertThat(e.compliance()).isEqualTo(Compliance.NOT_APPLICABLE);
            assertThat(e.annotation()).contains("AWS::IAM::Role only");
        }

        @Test
        void serviceLinkedRoleIsNotApplicable() {
            run(Events.withInvokingEvent("change-noncompliant.json", inv -> {
                ObjectNode conf = (ObjectNode) inv.get("configurationItem").get("configuration");
                conf.put("path", "/aws-service-role/support.amazonaws.com/");
            }));

            ResourceEvaluation e = backend.sentFor("AROAEXAMPLEROLEID0001");
            assertThat(e.compliance()).isEqualTo(Compliance.NOT_APPLICABLE);
            assertThat(e.annotation()).contains("Service-linked");
        }

        @Test
        void exemptionTagFromTheConfigurationItemMakesTheRoleNotApplicableQuotingItsValue() {
            run(Events.text("change-exempt.json"));

            ResourceEvaluation e = backend.sentFor("AROAEXAMPLEROLEID0006");
            assertThat(e.compliance()).isEqualTo(Compliance.NOT_APPLICABLE);
            assertThat(e.annotation()).contains("Vendor automation, approved in SEC-1234");
            assertThat(backend.tagLookups).isEmpty();
        }

        @Test
        void exemptionTagInTheTopLevelTagMapAlsoCounts() {
            run(Events.withInvokingEvent("change-exempt.json", inv -> {
                ObjectNode item = (ObjectNode) inv.get("configurationItem");
                ((ObjectNode) item.get("configuration")).putArray("tags");
                item.putObject("tags").put("mfa-exempt", "break-glass");
            }));

            assertThat(backend.sentFor("AROAEXAMPLEROLEID0006").annotation()).contains("break-glass");
        }

        @Test
        void trustPolicyEmbeddedAsAJsonObjectIsAccepted() {
            run(Events.withInvokingEvent("change-noncompliant.json", inv -> {
                ObjectNode conf = (ObjectNode) inv.get("configurationItem").get("configuration");
                conf.set("assumeRolePolicyDocument", Events.json(THIRD_PARTY));
            }));

            assertThat(backend.sentFor("AROAEXAMPLEROLEID0001").compliance()).isEqualTo(Compliance.NON_COMPLIANT);
        }

        @Test
        void trustedAccountParameterAppliesToChangeEvaluations() {
            run(Events.withEnvelope("change-noncompliant.json",
                    e -> e.put("ruleParameters", "{\"TrustedAccountIds\":\"210987654321\"}")));

            assertThat(backend.sentFor("AROAEXAMPLEROLEID0001").compliance()).isEqualTo(Compliance.NOT_APPLICABLE);
        }
    }

    @Nested
    class OversizedNotification {
        @Test
        void oversizedItemIsFetchedFromConfigHistoryAndEvaluated() {
            backend.items.put("AROAEXAMPLEROLEID0001", item("AROAEXAMPLEROLEID0001", ItemStatus.OK, THIRD_PARTY));

            run(Events.text("oversized.json"));

            assertThat(backend.fetches).containsExactly("AWS::IAM::Role AROAEXAMPLEROLEID0001 " + CAPTURE_TIME);
            ResourceEvaluation e = backend.sentFor("AROAEXAMPLEROLEID0001");
            assertThat(e.compliance()).isEqualTo(Compliance.NON_COMPLIANT);
            assertThat(e.orderingTimestamp()).isEqualTo(CAPTURE_TIME);
        }

        @Test
        void oversizedDeletedRoleIsNotApplicableWithoutFetching() {
            run(Events.withInvokingEvent("oversized.json", inv ->
                    ((ObjectNode) inv.get("configurationItemSummary")).put("configurationItemStatus", "ResourceDeleted")));

            assertThat(backend.fetches).isEmpty();
            assertThat(backend.sentFor("AROAEXAMPLEROLEID0001").compliance()).isEqualTo(Compliance.NOT_APPLICABLE);
        }

        @Test
        void oversizedItemThatLeftScopeIsNotApplicableWithoutFetching() {
            run(Events.withEnvelope("oversized.json", e -> e.put("eventLeftScope", true)));

            assertThat(backend.fetches).isEmpty();
            assertThat(backend.sentFor("AROAEXAMPLEROLEID0001").annotation()).isEqualTo("Role left the rule's scope");
        }

        @Test
        void fetchedItemForAnotherResourceFailsTheInvocation() {
            backend.items.put("AROAEXAMPLEROLEID0001", item("AROAOTHERROLE0000001", ItemStatus.OK, THIRD_PARTY));

            assertThatThrownBy(() -> run(Events.text("oversized.json")))
                    .isInstanceOf(AwsOperationException.class)
                    .hasMessageContaining("returned AWS::IAM::Role AROAOTHERROLE0000001 instead of");
            assertThat(backend.batches).isEmpty();
        }

        private static ConfigurationItem item(String id, ItemStatus status, String policy) {
            ObjectNode conf = (ObjectNode) Events.json("{}");
            conf.put("roleName", "partner-audit").put("path", "/").put("roleId", id)
                    .put("arn", "arn:aws:iam::123456789012:role/partner-audit")
                    .put("assumeRolePolicyDocument", java.net.URLEncoder.encode(policy, java.nio.charset.StandardCharsets.UTF_8));
            return new ConfigurationItem("AWS::IAM::Role", id, Optional.of("partner-audit"),
                    Optional.of("arn:aws:iam::123456789012:role/partner-audit"), status, CAPTURE_TIME,
                    Optional.of(conf), Map.of());
        }
    }

    @Nested
    class ScheduledNotification {
        @Test
        void everyRoleIsReportedWithTheNotificationTime() {
            backend.role("partner", "AROAPARTNER000000001", "/", THIRD_PARTY)
                    .role("partner-mfa", "AROAPARTNERMFA000001", "/", THIRD_PARTY_WITH_MFA)
                    .role("lambda", "AROALAMBDA0000000001", "/service-role/", SERVICE)
                    .role("AWSServiceRoleForSupport", "AROASUPPORT000000001", "/aws-service-role/support.amazonaws.com/",
                            THIRD_PARTY);

            RunSummary summary = run(Events.text("scheduled.json"));

            assertThat(backend.sent()).extracting(ResourceEvaluation::resourceId, ResourceEvaluation::compliance)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("AROAPARTNER000000001", Compliance.NON_COMPLIANT),
                            org.assertj.core.groups.Tuple.tuple("AROAPARTNERMFA000001", Compliance.COMPLIANT),
                            org.assertj.core.groups.Tuple.tuple("AROALAMBDA0000000001", Compliance.NOT_APPLICABLE),
                            org.assertj.core.groups.Tuple.tuple("AROASUPPORT000000001", Compliance.NOT_APPLICABLE));
            assertThat(backend.sent()).allSatisfy(e -> {
                assertThat(e.orderingTimestamp()).isEqualTo(SWEEP_TIME);
                assertThat(e.resourceType()).isEqualTo("AWS::IAM::Role");
            });
            assertThat(summary.rolesListed()).isEqualTo(4);
            assertThat(backend.listCalls).isEqualTo(1);
            assertThat(backend.tagLookups).as("no ExemptionTagKey: tags are never needed").isEmpty();
        }

        @Test
        void tagsAreLookedUpOnlyForRolesThatWouldOtherwiseBeNonCompliant() {
            backend.role("partner", "AROAPARTNER000000001", "/", THIRD_PARTY)
                    .role("vendor", "AROAVENDOR0000000001", "/", THIRD_PARTY)
                    .role("partner-mfa", "AROAPARTNERMFA000001", "/", THIRD_PARTY_WITH_MFA)
                    .role("lambda", "AROALAMBDA0000000001", "/", SERVICE);
            backend.tagsByRoleName.put("vendor", Map.of("mfa-exempt", "approved SEC-1"));
            backend.tagsByRoleName.put("lambda", Map.of("mfa-exempt", "never looked up"));

            run(Events.withEnvelope("scheduled.json", e -> e.put("ruleParameters", "{\"ExemptionTagKey\":\"mfa-exempt\"}")));

            assertThat(backend.tagLookups).containsExactly("partner", "vendor");
            assertThat(backend.sentFor("AROAVENDOR0000000001").compliance()).isEqualTo(Compliance.NOT_APPLICABLE);
            assertThat(backend.sentFor("AROAVENDOR0000000001").annotation()).contains("approved SEC-1");
            assertThat(backend.sentFor("AROAPARTNER000000001").compliance()).isEqualTo(Compliance.NON_COMPLIANT);
        }

        @Test
        void resultsOfRolesThatNoLongerExistTurnNotApplicable() {
            backend.role("partner", "AROAPARTNER000000001", "/", THIRD_PARTY)
                    .storedResult("AWS::IAM::Role", "AROAPARTNER000000001", SWEEP_TIME.minusSeconds(86400))
                    .storedResult("AWS::IAM::Role", "AROADELETED000000001", SWEEP_TIME.minusSeconds(86400))
                    .storedResult("AWS::IAM::Role", "AROADELETED000000002", null);

            RunSummary summary = run(Events.text("scheduled.json"));

            assertThat(backend.sent()).extracting(ResourceEvaluation::resourceId)
                    .containsExactly("AROAPARTNER000000001", "AROADELETED000000001", "AROADELETED000000002");
            assertThat(backend.sentFor("AROADELETED000000001")).satisfies(e -> {
                assertThat(e.compliance()).isEqualTo(Compliance.NOT_APPLICABLE);
                assertThat(e.annotation()).isEqualTo("Role no longer exists (not returned by ListRoles)");
                assertThat(e.orderingTimestamp()).isEqualTo(SWEEP_TIME);
            });
            assertThat(summary.cleanedUp()).isEqualTo(2);
        }

        @Test
        void resultReportedAfterTheSweepStartedIsNotCleanedUp() {
            backend.role("partner", "AROAPARTNER000000001", "/", THIRD_PARTY)
                    .storedResult("AWS::IAM::Role", "AROANEWROLE000000001", SWEEP_TIME.plusSeconds(5));

            run(Events.text("scheduled.json"));

            assertThat(backend.sent()).extracting(ResourceEvaluation::resourceId).containsExactly("AROAPARTNER000000001");
        }

        @Test
        void staleResultOfAnotherResourceTypeIsClearedUnderItsOwnType() {
            backend.storedResult("AWS::IAM::User", "AIDAUSER000000000001", null);

            run(Events.text("scheduled.json"));

            assertThat(backend.sentFor("AIDAUSER000000000001").resourceType()).isEqualTo("AWS::IAM::User");
        }

        @Test
        void roleListedTwiceIsReportedOnce() {
            backend.role("partner", "AROAPARTNER000000001", "/", THIRD_PARTY)
                    .role("partner", "AROAPARTNER000000001", "/", THIRD_PARTY);

            run(Events.text("scheduled.json"));

            assertThat(backend.sent()).hasSize(1);
        }

        @Test
        void accountWithoutRolesStillClosesTheResultTokenWithOneEmptyCall() {
            RunSummary summary = run(Events.text("scheduled.json"));

            assertThat(backend.batches).containsExactly(List.of());
            assertThat(summary.putCalls()).isEqualTo(1);
        }

        @Test
        void largeSweepIsSentInBatchesOfAtMostOneHundred() {
            for (int i = 0; i < 250; i++) {
                backend.role("role" + i, "AROA%016d".formatted(i), "/", SERVICE);
            }
            backend.storedResult("AWS::IAM::Role", "AROADELETED000000001", null);

            RunSummary summary = run(Events.text("scheduled.json"));

            assertThat(backend.batches).extracting(List::size).containsExactly(100, 100, 51);
            assertThat(summary.putCalls()).isEqualTo(3);
            assertThat(summary.total()).isEqualTo(251);
        }

        @Test
        void sweepThatRunsOutOfTimeFailsLoudlyBeforeTheCallThatCouldOverrunAndNeverCleansUp() {
            for (int i = 0; i < 300; i++) {
                backend.role("role" + i, "AROA%016d".formatted(i), "/", SERVICE);
            }
            backend.storedResult("AWS::IAM::Role", "AROADELETED000000001", null);
            backend.callWorstCase = Duration.ofSeconds(20);
            AtomicLong remaining = new AtomicLong(60_000);
            backend.onPut = batch -> remaining.addAndGet(-27_000); // each PutEvaluations "takes" 27 s

            // 60 s, then 33 s left: enough for a call's 20 s worst case plus the 10 s margin; then 6 s: not enough
            assertThatThrownBy(() -> new RuleRunner(backend, Duration.ofSeconds(10))
                    .run(Events.event("scheduled.json"), remaining::get))
                    .isInstanceOf(DeadlineException.class)
                    .hasMessageContaining("Periodic sweep stopped before PutEvaluations after 300 roles: 6000 ms left "
                            + "before the Lambda timeout, less than that call's worst case (20000 ms: timeouts × "
                            + "attempts) plus the safety margin (10000 ms)")
                    .hasMessageContaining("Raise the function's Timeout");
            assertThat(backend.sent()).extracting(ResourceEvaluation::resourceId)
                    .hasSize(200)
                    .doesNotContain("AROADELETED000000001");
            assertThat(backend.historyCalls).as("no clean-up after a partial listing").isZero();
        }

        @Test
        void everyRemoteCallOfASweepIsPrecededByTheDeadlineCheck() {
            backend.role("partner", "AROAPARTNER000000001", "/", THIRD_PARTY);
            backend.role("internal", "AROAINTERNAL00000001", "/", SERVICE);

            new RuleRunner(backend, Duration.ZERO).run(exemptionTagSweep(), Deadline.none());

            assertThat(backend.guardedCalls).containsExactly("ListRoles", "ListRoleTags partner",
                    "GetComplianceDetailsByConfigRule", "PutEvaluations");
        }

        @Test
        void sweepStartedTooCloseToTheDeadlineDoesNotStart() {
            backend.role("partner", "AROAPARTNER000000001", "/", THIRD_PARTY);
            backend.callWorstCase = Duration.ofSeconds(5);

            assertThatThrownBy(() -> new RuleRunner(backend, Duration.ofSeconds(10))
                    .run(Events.event("scheduled.json"), () -> 14_999))
                    .isInstanceOf(DeadlineException.class)
                    .hasMessageContaining("before ListRoles after 0 roles: 14999 ms left");
            assertThat(backend.listCalls).isZero();
            assertThat(backend.batches).isEmpty();
        }

        @Test
        void aRoleDeletedDuringTheSweepIsNotReportedAndItsOldResultIsCleanedUp() {
            backend.role("gone", "AROAGONE000000000001", "/", THIRD_PARTY);
            backend.role("partner", "AROAPARTNER000000001", "/", THIRD_PARTY);
            backend.deletedAfterListing.add("gone");
            backend.storedResult("AWS::IAM::Role", "AROAGONE000000000001", null);

            RunSummary summary = new RuleRunner(backend, Duration.ZERO).run(exemptionTagSweep(), Deadline.none());

            assertThat(backend.sentFor("AROAPARTNER000000001").compliance()).isEqualTo(Compliance.NON_COMPLIANT);
            assertThat(backend.sentFor("AROAGONE000000000001").annotation()).isEqualTo(RuleRunner.DELETED_ROLE);
            assertThat(backend.sentFor("AROAGONE000000000001").compliance()).isEqualTo(Compliance.NOT_APPLICABLE);
            assertThat(summary.total()).isEqualTo(2);
        }
    }

    private static RuleEvent exemptionTagSweep() {
        return RuleEvent.fromJson(Events.withEnvelope("scheduled.json",
                e -> e.put("ruleParameters", "{\"ExemptionTagKey\":\"mfa-exempt\"}")));
    }

    @Test
    void batcherSendsFullBatchesAndTheRestAndNeverAnExtraEmptyCall() {
        FakeBackend sink = new FakeBackend();
        EvaluationBatcher batcher = new EvaluationBatcher(sink.sink(), "token");
        for (int i = 0; i < 200; i++) {
            assertThat(batcher.add(ResourceEvaluation.notApplicable("AWS::IAM::Role", "AROA" + i, "why", SWEEP_TIME)))
                    .isTrue();
        }
        assertThat(batcher.add(ResourceEvaluation.notApplicable("AWS::IAM::Role", "AROA7", "again", SWEEP_TIME)))
                .isFalse();
        batcher.finish();

        assertThat(sink.batches).extracting(List::size).containsExactly(100, 100);
        assertThat(batcher.calls()).isEqualTo(2);
        assertThat(batcher.duplicates()).isEqualTo(1);
        assertThat(batcher.count(Compliance.NOT_APPLICABLE)).isEqualTo(200);
    }
}
