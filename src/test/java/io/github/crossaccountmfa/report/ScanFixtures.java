package io.github.crossaccountmfa.report;

import io.github.crossaccountmfa.rule.RoleEvaluator;
import io.github.crossaccountmfa.rule.RuleParameters;
import io.github.crossaccountmfa.rule.VerdictEngine;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Scans of fake sources, for report tests. */
final class ScanFixtures {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC);

    private ScanFixtures() {
    }

    static VerdictEngine engine(String parameters) {
        return new VerdictEngine(RuleParameters.parse(parameters));
    }

    static ScanResult scan(FakeRoleSource source, String parameters) {
        return new AccountScan(source, new RoleEvaluator(engine(parameters)), CLOCK).run(parameters, ScanProgress.NONE);
    }

    /** Three roles, one per verdict, listed in an order different from the reading order. */
    static FakeRoleSource threeVerdicts() {
        return new FakeRoleSource()
                .add("zeta-own", "/", Policies.ownAccount())
                .add("beta-mfa", "/partners/", Policies.thirdPartyWithMfa(Policies.PARTNER))
                .add("alpha-partner", "/partners/", Policies.secondStatementOffends(Policies.PARTNER));
    }
}
