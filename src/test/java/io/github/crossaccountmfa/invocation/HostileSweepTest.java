package io.github.crossaccountmfa.invocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountmfa.rule.Compliance;
import io.github.crossaccountmfa.testing.Events;
import io.github.crossaccountmfa.testing.FakeBackend;
import io.github.crossaccountmfa.testing.HostileInputs;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A periodic sweep in which every hostile trust policy is one role among good ones. */
class HostileSweepTest {
    private static final String THIRD_PARTY = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},
             "Action":"sts:AssumeRole"}]}""";
    private static final String OWN = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},
             "Action":"sts:AssumeRole"}]}""";

    @Test
    void everyGoodRoleIsStillReportedEachHostileOneIsNonCompliantAndTheSweepCompletes() {
        FakeBackend backend = new FakeBackend();
        List<HostileInputs.Policy> hostile = HostileInputs.policies();
        backend.role("before", "AROABEFORE0000000001", "/", THIRD_PARTY);
        for (int i = 0; i < hostile.size(); i++) {
            backend.role("hostile-" + i, "AROAHOSTILE%09d".formatted(i), "/", hostile.get(i).policy());
            backend.role("good-" + i, "AROAGOOD%012d".formatted(i), "/", OWN);
        }
        backend.tagsByRoleName.put("hostile-0", java.util.Map.of("mfa-exempt", "reviewed"));
        backend.storedResult("AWS::IAM::Role", "AROADELETED000000001", null);

        RunSummary summary = new RuleRunner(backend, Duration.ZERO).run(RuleEvent.fromJson(Events.withEnvelope(
                "scheduled.json", e -> e.put("ruleParameters", "{\"ExemptionTagKey\":\"mfa-exempt\"}"))),
                Deadline.none());

        assertThat(summary.total()).isEqualTo(2 * hostile.size() + 2);
        assertThat(backend.sentFor("AROABEFORE0000000001").compliance()).isEqualTo(Compliance.NON_COMPLIANT);
        assertThat(backend.sentFor("AROAHOSTILE000000000").compliance()).as("exempt by tag, as any NON_COMPLIANT role")
                .isEqualTo(Compliance.NOT_APPLICABLE);
        for (int i = 1; i < hostile.size(); i++) {
            ResourceEvaluation evaluation = backend.sentFor("AROAHOSTILE%09d".formatted(i));
            assertThat(evaluation.compliance()).as(hostile.get(i).name()).isEqualTo(Compliance.NON_COMPLIANT);
            assertThat(evaluation.annotation()).startsWith("Trust policy could not be parsed, so it is not trusted")
                    .doesNotContain(HostileInputs.LIBRARY_TEXT);
        }
        for (int i = 0; i < hostile.size(); i++) {
            assertThat(backend.sentFor("AROAGOOD%012d".formatted(i)).compliance()).isEqualTo(Compliance.NOT_APPLICABLE);
        }
        assertThat(backend.sentFor("AROADELETED000000001").annotation()).as("the clean-up ran")
                .isEqualTo(RuleRunner.DELETED_ROLE);
    }
}
