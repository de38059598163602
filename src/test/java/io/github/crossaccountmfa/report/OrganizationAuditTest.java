package io.github.crossaccountmfa.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.crossaccountmfa.rule.Compliance;
import io.github.crossaccountmfa.rule.RuleParameters;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class OrganizationAuditTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-07-01T08:00:00Z"), ZoneOffset.UTC);
    private static final String PROD = "111111111111";
    private static final String DEV = "222222222222";
    private static final String DATA = "333333333333";
    private static final String CLOSED = "444444444444";
    private static final String VENDOR = "555555555555";

    private final List<AccountOutcome> outcomes = new ArrayList<>();

    private static FakeRoleSource roles(String account, int count) {
        FakeRoleSource source = new FakeRoleSource(account);
        for (int i = 0; i < count; i++) {
            source.add(account + "-role-" + i, "/", i % 2 == 0 ? Policies.thirdPartyWithoutMfa(VENDOR)
                    : Policies.service("lambda.amazonaws.com"));
        }
        return source;
    }

    private static OrganizationAudit audit(FakeOrganization organization, List<String> accounts, int concurrency,
                                           boolean trust) {
        return new OrganizationAudit(organization, new OrganizationAudit.Options(accounts, concurrency, trust), CLOCK);
    }

    private OrganizationTotals run(OrganizationAudit audit, String parameters) throws IOException {
        OrganizationAudit.Plan plan = audit.plan(RuleParameters.parse(parameters), parameters);
        return audit.run(plan, outcomes::add, AuditProgress.NONE);
    }

    private Map<String, AccountOutcome> byAccount() {
        return outcomes.stream().collect(Collectors.toMap(o -> o.account().id(), o -> o));
    }

    @Test
    void auditsEveryActiveAccountOnceWithItsOwnRolesAndSkipsSuspendedOnes() throws Exception {
        FakeOrganization organization = new FakeOrganization()
                .account(PROD, "prod", roles(PROD, 4))
                .account(DEV, "dev", roles(DEV, 3))
                .account(CLOSED, "old", "SUSPENDED", roles(CLOSED, 2));

        OrganizationTotals totals = run(audit(organization, List.of(), 4, false), "");

        assertThat(outcomes).extracting(o -> o.account().id()).containsExactlyInAnyOrder(PROD, DEV);
        AccountOutcome.Audited prod = (AccountOutcome.Audited) byAccount().get(PROD);
        assertThat(prod.result().roles()).extracting(r -> r.role().name())
                .containsExactly(PROD + "-role-0", PROD + "-role-1", PROD + "-role-2", PROD + "-role-3");
        assertThat(prod.result().roles()).allSatisfy(r -> assertThat(r.accountId()).contains(PROD));
        assertThat(prod.result().count(Compliance.NON_COMPLIANT)).isEqualTo(2);
        assertThat(organization.openedIds()).containsExactlyInAnyOrder(PROD, DEV);
        assertThat(organization.closed()).isEqualTo(2);
        assertThat(totals.notActive()).extracting(MemberAccount::id).containsExactly(CLOSED);
        assertThat(totals.totalsLine()).isEqualTo("2 accounts, 7 roles: 4 NON_COMPLIANT, 0 COMPLIANT, 3 NOT_APPLICABLE");
        assertThat(totals.anyError()).isFalse();
        assertThat(totals.finishedAt()).isEqualTo(CLOCK.instant());
    }

    @Test
    void anAccountWhoseRoleCannotBeAssumedIsOneErrorEntryAndTheOthersAreStillAudited() throws Exception {
        FakeOrganization organization = new FakeOrganization()
                .account(PROD, "prod", roles(PROD, 2))
                .refusing(DEV, "dev", FakeOrganization.accessDenied(DEV))
                .account(DATA, "data", roles(DATA, 2));

        OrganizationTotals totals = run(audit(organization, List.of(), 2, false), "");

        AccountOutcome.Unreachable dev = (AccountOutcome.Unreachable) byAccount().get(DEV);
        assertThat(dev.reason()).isEqualTo("cannot assume arn:aws:iam::" + DEV + ":role/OrganizationAccountAccessRole: "
                + "access denied (User: " + FakeOrganization.CALLER_ARN + " is not authorized to perform: sts:AssumeRole "
                + "on resource: arn:aws:iam::" + DEV + ":role/OrganizationAccountAccessRole); the role does not exist in "
                + "this account, or its trust policy does not admit " + FakeOrganization.CALLER_ARN
                + " (deploy the role there, or name another with --execution-role-name)");
        assertThat(byAccount().get(PROD)).isInstanceOf(AccountOutcome.Audited.class);
        assertThat(byAccount().get(DATA)).isInstanceOf(AccountOutcome.Audited.class);
        assertThat(totals.anyError()).isTrue();
        assertThat(totals.unreachable()).extracting(s -> s.account().id()).containsExactly(DEV);
        assertThat(totals.totalsLine()).startsWith("3 accounts (1 not audited), 4 roles: ");
    }

    @Test
    void aListingFailurePartWayThroughAnAccountReportsNoneOfItsRolesButTheError() throws Exception {
        AwsCallException throttled = new AwsCallException("iam:ListRoles", "", AwsCallException.Kind.THROTTLED,
                "Throttling", "Rate exceeded", 400, 3);
        FakeOrganization organization = new FakeOrganization()
                .account(PROD, "prod", roles(PROD, 3).failListingAfter(2, throttled))
                .account(DEV, "dev", roles(DEV, 1));

        run(audit(organization, List.of(), 2, false), "");

        AccountOutcome.Unreachable prod = (AccountOutcome.Unreachable) byAccount().get(PROD);
        assertThat(prod.reason()).isEqualTo("IAM throttled iam:ListRoles after 2 roles were listed and kept throttling "
                + "after 3 attempts (Throttling: Rate exceeded); try again later");
        assertThat(organization.closed()).as("the failed account's roles are closed too").isEqualTo(2);
    }

    @Test
    void theAccountsOptionAuditsOnlyTheNamedAccountsAndNamesThoseThatCannotBeAudited() throws Exception {
        FakeOrganization organization = new FakeOrganization()
                .account(PROD, "prod", roles(PROD, 1))
                .account(DEV, "dev", roles(DEV, 1))
                .account(CLOSED, "old", "SUSPENDED", roles(CLOSED, 1));

        OrganizationTotals totals = run(audit(organization, List.of(DEV, CLOSED, "777777777777", DEV), 2, false), "");

        assertThat(organization.openedIds()).containsExactly(DEV);
        assertThat(outcomes).extracting(o -> o.account().id()).containsExactly(CLOSED, "777777777777", DEV);
        assertThat(((AccountOutcome.Unreachable) byAccount().get(CLOSED)).reason())
                .isEqualTo("the account is SUSPENDED in the organization: its roles cannot be audited");
        assertThat(((AccountOutcome.Unreachable) byAccount().get("777777777777")).reason())
                .isEqualTo("not an account of organization o-a1b2c3d4e5 (organizations:ListAccounts does not list it)");
        assertThat(totals.notActive()).isEmpty();
        assertThat(totals.anyError()).isTrue();
    }

    @Test
    void trustOrganizationTrustsEveryAccountOfTheOrganizationAndItsId() throws Exception {
        String orgCondition = """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole",\
                "Condition":{"StringEquals":{"aws:PrincipalOrgID":"%s"}}}]}""".formatted(FakeOrganization.ID);
        FakeOrganization organization = new FakeOrganization()
                .account(PROD, "prod", new FakeRoleSource(PROD)
                        .add("from-dev", "/", Policies.thirdPartyWithoutMfa(DEV))
                        .add("from-the-org", "/", orgCondition)
                        .add("from-vendor", "/", Policies.thirdPartyWithoutMfa(VENDOR)))
                .account(DEV, "dev", new FakeRoleSource(DEV));

        run(audit(organization, List.of(PROD), 1, true), "{\"TrustedAccountIds\":\"888888888888\"}");
        Map<String, Compliance> trusted = verdicts(outcomes.get(0));
        outcomes.clear();
        run(audit(organization, List.of(PROD), 1, false), "");
        Map<String, Compliance> untrusted = verdicts(outcomes.get(0));

        assertThat(trusted).containsExactlyInAnyOrderEntriesOf(Map.of("from-dev", Compliance.NOT_APPLICABLE,
                "from-the-org", Compliance.NOT_APPLICABLE, "from-vendor", Compliance.NON_COMPLIANT));
        assertThat(untrusted).containsExactlyInAnyOrderEntriesOf(Map.of("from-dev", Compliance.NON_COMPLIANT,
                "from-the-org", Compliance.NON_COMPLIANT, "from-vendor", Compliance.NON_COMPLIANT));
    }

    @Test
    void trustingTheOrganizationKeepsTheGivenTrustedAccountsAndOrganizations() {
        RuleParameters given = RuleParameters.parse("{\"TrustedAccountIds\":\"888888888888\","
                + "\"TrustedOrganizationIds\":\"o-zzzzzzzzzz\",\"ExemptionTagKey\":\"mfa-exempt\"}");
        Organization.Snapshot snapshot = new Organization.Snapshot(FakeOrganization.ID, PROD, "arn:aws:iam::" + PROD
                + ":root", List.of(new MemberAccount(PROD, "", "ACTIVE"), new MemberAccount(CLOSED, "", "SUSPENDED")));

        RuleParameters trusting = OrganizationAudit.trusting(given, snapshot);

        assertThat(trusting.trustedAccountIds()).containsExactlyInAnyOrder("888888888888", PROD, CLOSED);
        assertThat(trusting.trustedOrganizationIds()).containsExactlyInAnyOrder("o-zzzzzzzzzz", FakeOrganization.ID);
        assertThat(trusting.exemptionTagKey()).contains("mfa-exempt");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void auditsAtMostMaxConcurrencyAccountsAtOnceAndUsesThemAll() throws Exception {
        FakeOrganization organization = new FakeOrganization().holdUntilOpen(3, Duration.ofSeconds(20));
        for (int i = 0; i < 12; i++) {
            String id = "10000000000" + Integer.toString(i, 16);
            organization.account(id.substring(0, 12), "a" + i, roles(id.substring(0, 12), 3));
        }

        run(audit(organization, List.of(), 3, false), "");

        assertThat(outcomes).hasSize(12);
        assertThat(organization.maxOpen()).isEqualTo(3);
    }

    /**
     * Memory stays flat: while the listener is busy with the first account, at most 2 × maxConcurrency more
     * accounts' results exist (maxConcurrency queued, maxConcurrency finished and waiting to be queued); the
     * audit opens no further account however many remain.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void neverRunsMoreThanTwiceMaxConcurrencyAccountsAheadOfTheReport() throws Exception {
        FakeOrganization organization = new FakeOrganization();
        for (int i = 0; i < 30; i++) {
            String id = String.format("%012d", 200000000000L + i);
            organization.account(id, "a" + i, roles(id, 2));
        }
        OrganizationAudit audit = audit(organization, List.of(), 2, false);
        OrganizationAudit.Plan plan = audit.plan(RuleParameters.DEFAULTS, "");
        List<Integer> openedWhenWritten = new ArrayList<>();

        audit.run(plan, outcome -> {
            if (openedWhenWritten.isEmpty()) {
                awaitAllWorkersParked();
            }
            openedWhenWritten.add(organization.opened());
        }, AuditProgress.NONE);

        assertThat(openedWhenWritten).hasSize(30);
        assertThat(openedWhenWritten.get(0)).as("1 being written + 2 queued + 2 waiting to be queued").isEqualTo(5);
        for (int i = 0; i < openedWhenWritten.size(); i++) {
            assertThat(openedWhenWritten.get(i)).isLessThanOrEqualTo(i + 5);
        }
    }

    /** Waits until both audit threads are parked handing over a result: then none can open another account. */
    private static void awaitAllWorkersParked() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            long parked = Thread.getAllStackTraces().values().stream()
                    .filter(stack -> java.util.Arrays.stream(stack).anyMatch(frame -> frame.getMethodName().equals("put")
                            && frame.getClassName().equals("java.util.concurrent.ArrayBlockingQueue")))
                    .count();
            if (parked == 2) {
                return;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Test
    void aFailingListingOfTheOrganizationFailsThePlanWithTheAwsError() {
        AwsCallException denied = new AwsCallException("organizations:ListAccounts", "",
                AwsCallException.Kind.ACCESS_DENIED, "AccessDeniedException", "You don't have permissions", 400, 1);
        FakeOrganization organization = new FakeOrganization().failListing(denied);

        assertThatThrownBy(() -> audit(organization, List.of(), 2, false).plan(RuleParameters.DEFAULTS, ""))
                .isSameAs(denied);
        assertThat(ScanMessages.setupFailure(denied, java.util.Optional.empty())).isEqualTo("access denied to "
                + "organizations:ListAccounts (You don't have permissions); scan --organization needs credentials of "
                + "the organization's management account or of a delegated administrator, with "
                + "organizations:DescribeOrganization and organizations:ListAccounts; no report was produced");
    }

    @Test
    void aListenerFailureStopsTheAuditAndIsThrown() {
        FakeOrganization organization = new FakeOrganization();
        for (int i = 0; i < 10; i++) {
            String id = String.format("%012d", 300000000000L + i);
            organization.account(id, "", roles(id, 1));
        }
        OrganizationAudit audit = audit(organization, List.of(), 2, false);
        OrganizationAudit.Plan plan = audit.plan(RuleParameters.DEFAULTS, "");

        assertThatThrownBy(() -> audit.run(plan, outcome -> {
            throw new IOException("disk full");
        }, AuditProgress.NONE)).isInstanceOf(IOException.class).hasMessage("disk full");
    }

    @Test
    void anUnexpectedFailureInOneAccountIsThatAccountsErrorOnly() throws Exception {
        FakeOrganization organization = new FakeOrganization()
                .account(PROD, "prod", roles(PROD, 2).failListingAfter(1, new IllegalStateException("boom")))
                .account(DEV, "dev", roles(DEV, 2));

        run(audit(organization, List.of(), 2, false), "");

        assertThat(((AccountOutcome.Unreachable) byAccount().get(PROD)).reason())
                .isEqualTo("iam:ListRoles failed after 1 role was listed: java.lang.IllegalStateException: boom");
        assertThat(byAccount().get(DEV)).isInstanceOf(AccountOutcome.Audited.class);
    }

    @Test
    void reportsAccountsDoneRolesListedAndFailuresToTheProgress() throws Exception {
        FakeOrganization organization = new FakeOrganization()
                .account(PROD, "prod", roles(PROD, 5))
                .refusing(DEV, "dev", FakeOrganization.accessDenied(DEV));
        List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());
        long[] roles = new long[1];
        AuditProgress progress = new AuditProgress() {
            @Override
            public void started(int accounts) {
                events.add("started " + accounts);
            }

            @Override
            public synchronized void rolesListed(long count) {
                roles[0] += count;
            }

            @Override
            public void accountDone(boolean audited) {
                events.add(audited ? "audited" : "failed");
            }

            @Override
            public void finished() {
                events.add("finished");
            }
        };
        OrganizationAudit audit = audit(organization, List.of(), 1, false);

        audit.run(audit.plan(RuleParameters.DEFAULTS, ""), outcomes::add, progress);

        assertThat(events).startsWith("started 2").endsWith("finished").contains("audited", "failed").hasSize(4);
        assertThat(roles[0]).isEqualTo(5);
    }

    private static Map<String, Compliance> verdicts(AccountOutcome outcome) {
        return ((AccountOutcome.Audited) outcome).result().roles().stream()
                .collect(Collectors.toMap(r -> r.role().name(), ScannedRole::compliance));
    }
}
