package io.github.crossaccountmfa.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.crossaccountmfa.rule.Compliance;
import io.github.crossaccountmfa.rule.RoleEvaluator;
import io.github.crossaccountmfa.rule.RuleParameters;
import io.github.crossaccountmfa.rule.VerdictEngine;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccountScanTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC);

    private static AccountScan scan(FakeRoleSource source, String parameters) {
        return new AccountScan(source, new RoleEvaluator(new VerdictEngine(RuleParameters.parse(parameters))), CLOCK);
    }

    private static Map<String, Compliance> verdicts(ScanResult result) {
        Map<String, Compliance> verdicts = new java.util.LinkedHashMap<>();
        result.roles().forEach(r -> verdicts.put(r.role().name(), r.compliance()));
        return verdicts;
    }

    @Test
    void givesEveryListedRoleTheVerdictTheRuleGivesInListingOrder() {
        FakeRoleSource source = new FakeRoleSource()
                .add("partner", "/", Policies.thirdPartyWithoutMfa(Policies.PARTNER))
                .add("partner-mfa", "/", Policies.thirdPartyWithMfa(Policies.PARTNER))
                .add("own", "/team/", Policies.ownAccount())
                .add("lambda", "/service-role/", Policies.service("lambda.amazonaws.com"))
                .add("AWSServiceRoleForSupport", "/aws-service-role/support.amazonaws.com/",
                        Policies.thirdPartyWithoutMfa(Policies.PARTNER));

        ScanResult result = scan(source, "").run("", ScanProgress.NONE);

        assertThat(verdicts(result)).containsExactly(
                Map.entry("partner", Compliance.NON_COMPLIANT),
                Map.entry("partner-mfa", Compliance.COMPLIANT),
                Map.entry("own", Compliance.NOT_APPLICABLE),
                Map.entry("lambda", Compliance.NOT_APPLICABLE),
                Map.entry("AWSServiceRoleForSupport", Compliance.NOT_APPLICABLE));
        assertThat(result.roles().get(0).offendingPrincipals()).containsExactly("arn:aws:iam::222222222222:root");
        assertThat(result.generatedAt()).isEqualTo(CLOCK.instant());
        assertThat(result.accountIds()).containsExactly(Policies.ACCOUNT);
        assertThat(result.totalsLine()).isEqualTo("5 roles: 1 NON_COMPLIANT, 1 COMPLIANT, 3 NOT_APPLICABLE");
    }

    @Test
    void usesTheRoleArnsAccountAsTheOwnAccountAndHonoursTrustedAccounts() {
        FakeRoleSource source = new FakeRoleSource().add("partner", "/", Policies.thirdPartyWithoutMfa(Policies.PARTNER));

        ScanResult trusted = scan(source, "{\"TrustedAccountIds\":\"222222222222\"}").run("", ScanProgress.NONE);

        assertThat(trusted.roles().get(0).compliance()).isEqualTo(Compliance.NOT_APPLICABLE);
    }

    @Test
    void anUnparseablePolicyIsNonCompliantAsInTheRuleAndCarriesTheParseError() {
        FakeRoleSource source = new FakeRoleSource().add("broken", "/", Policies.UNPARSEABLE)
                .add("partner", "/", Policies.thirdPartyWithoutMfa(Policies.PARTNER));

        ScanResult result = scan(source, "").run("", ScanProgress.NONE);

        assertThat(result.roles().get(0).compliance()).isEqualTo(Compliance.NON_COMPLIANT);
        assertThat(result.roles().get(0).policyError()).isPresent();
        assertThat(result.roles().get(1).policyError()).isEmpty();
        assertThat(result.unreadable()).extracting(r -> r.role().name()).containsExactly("broken");
    }

    @Test
    void looksTagsUpOnlyForRolesThatWouldOtherwiseBeNonCompliantWhenExemptionTagKeyIsSet() {
        FakeRoleSource source = new FakeRoleSource()
                .add("exempt-vendor", "/", Policies.thirdPartyWithoutMfa(Policies.PARTNER), Map.of("mfa-exempt", "ticket SEC-42"))
                .add("partner", "/", Policies.thirdPartyWithoutMfa("444444444444"), Map.of("team", "x"))
                .add("partner-mfa", "/", Policies.thirdPartyWithMfa(Policies.PARTNER), Map.of("mfa-exempt", "n/a"))
                .add("own", "/", Policies.ownAccount(), Map.of("mfa-exempt", "n/a"))
                .add("AWSServiceRoleForX", "/aws-service-role/x.amazonaws.com/", Policies.thirdPartyWithoutMfa(Policies.PARTNER));

        ScanResult result = scan(source, "{\"ExemptionTagKey\":\"mfa-exempt\"}").run("", ScanProgress.NONE);

        assertThat(source.tagLookups()).containsExactly("exempt-vendor", "partner");
        assertThat(verdicts(result)).containsEntry("exempt-vendor", Compliance.NOT_APPLICABLE)
                .containsEntry("partner", Compliance.NON_COMPLIANT);
        assertThat(result.roles().get(0).evaluation().annotation()).contains("ticket SEC-42");
    }

    @Test
    void neverLooksTagsUpWithoutExemptionTagKey() {
        FakeRoleSource source = new FakeRoleSource()
                .add("exempt-vendor", "/", Policies.thirdPartyWithoutMfa(Policies.PARTNER), Map.of("mfa-exempt", "x"));

        ScanResult result = scan(source, "").run("", ScanProgress.NONE);

        assertThat(source.tagCalls()).isZero();
        assertThat(result.roles().get(0).compliance()).isEqualTo(Compliance.NON_COMPLIANT);
    }

    @Test
    void aListingFailurePartWayThrowsWithHowFarItGotAndProducesNoResult() {
        IllegalStateException throttled = new IllegalStateException("Rate exceeded");
        FakeRoleSource source = new FakeRoleSource()
                .add("a", "/", Policies.ownAccount()).add("b", "/", Policies.ownAccount()).add("c", "/", Policies.ownAccount())
                .failListingAfter(2, throttled);
        RecordingProgress progress = new RecordingProgress();

        assertThatThrownBy(() -> scan(source, "").run("", progress))
                .isInstanceOfSatisfying(ScanException.class, e -> {
                    assertThat(e.operation()).isEqualTo("iam:ListRoles");
                    assertThat(e.listed()).isEqualTo(2);
                    assertThat(e.getCause()).isSameAs(throttled);
                });
        assertThat(progress.finished).isTrue();
    }

    @Test
    void aTagLookupFailureIsReportedAsListRoleTags() {
        IllegalStateException denied = new IllegalStateException("not authorized to perform iam:ListRoleTags");
        FakeRoleSource source = new FakeRoleSource().add("partner", "/", Policies.thirdPartyWithoutMfa(Policies.PARTNER))
                .failTagLookups(denied);

        assertThatThrownBy(() -> scan(source, "{\"ExemptionTagKey\":\"mfa-exempt\"}").run("", ScanProgress.NONE))
                .isInstanceOfSatisfying(ScanException.class, e -> {
                    assertThat(e.operation()).isEqualTo("iam:ListRoleTags");
                    assertThat(e.getCause()).isSameAs(denied);
                });
    }

    @Test
    void reportsRolesListedEvaluatedAndTagLookupsAsItGoes() {
        FakeRoleSource source = new FakeRoleSource()
                .add("a", "/", Policies.thirdPartyWithoutMfa(Policies.PARTNER))
                .add("b", "/", Policies.ownAccount());
        RecordingProgress progress = new RecordingProgress();

        scan(source, "{\"ExemptionTagKey\":\"k\"}").run("", progress);

        assertThat(progress.updates).containsExactly("1/0/0", "1/1/1", "2/1/1", "2/2/1");
        assertThat(progress.finished).isTrue();
    }

    static final class RecordingProgress implements ScanProgress {
        final List<String> updates = new ArrayList<>();
        boolean finished;

        @Override
        public void update(long listed, long evaluated, long tagLookups) {
            updates.add(listed + "/" + evaluated + "/" + tagLookups);
        }

        @Override
        public void finished() {
            finished = true;
        }
    }
}
