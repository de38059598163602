package io.github.crossaccountmfa.report;

import io.github.crossaccountmfa.rule.RoleEvaluator;
import io.github.crossaccountmfa.rule.RuleParameters;
import io.github.crossaccountmfa.rule.VerdictEngine;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Audits the accounts of an AWS Organization: lists them, then scans each ({@link AccountScan}, the rule's
 * verdicts) through its execution role, at most {@code maxConcurrency} at a time, and hands every account's
 * outcome to a listener, on the calling thread, as soon as the account is done. Memory stays flat in the number
 * of accounts: an account's roles live only from its scan until the listener has written them, and at most
 * {@code 2 × maxConcurrency + 1} accounts' roles exist at once (running, queued, being written).
 *
 * <p>An account that cannot be audited (its role cannot be assumed, IAM refuses, it is suspended, it is not in
 * the organization) becomes one {@link AccountOutcome.Unreachable}; the others go on. Used by {@code scan} and
 * meant for every command that audits an organization.
 */
public final class OrganizationAudit {
    public static final String DEFAULT_EXECUTION_ROLE = "OrganizationAccountAccessRole";
    /** Eight accounts at a time keep STS AssumeRole and each member's IAM far below their request rates. */
    public static final int DEFAULT_CONCURRENCY = 8;
    public static final int MAX_CONCURRENCY = 64;

    /**
     * @param accounts          the accounts to audit, in this order; empty = every ACTIVE account
     * @param maxConcurrency    accounts audited at the same time, 1 to {@link #MAX_CONCURRENCY}
     * @param trustOrganization treat the organization's accounts and id as TrustedAccountIds / TrustedOrganizationIds
     */
    public record Options(List<String> accounts, int maxConcurrency, boolean trustOrganization) {
        public Options {
            accounts = List.copyOf(new LinkedHashSet<>(accounts));
            if (maxConcurrency < 1 || maxConcurrency > MAX_CONCURRENCY) {
                throw new IllegalArgumentException("maxConcurrency must be 1 to " + MAX_CONCURRENCY);
            }
        }
    }

    /**
     * What {@link #run} will do.
     *
     * @param organization   the organization as listed
     * @param targets        the accounts to scan, in order
     * @param refused        accounts named with {@code --accounts} that cannot be audited (not ACTIVE, not in
     *                       the organization): reported as unreachable first
     * @param notActive      accounts not ACTIVE and not named: not audited, and not an error
     * @param parameters     the rule parameters in force ({@code --trust-organization} applied)
     * @param parametersText the parameters as the user gave them, for the reports
     */
    public record Plan(Organization.Snapshot organization, List<MemberAccount> targets,
                       List<AccountOutcome.Unreachable> refused, List<MemberAccount> notActive,
                       RuleParameters parameters, String parametersText) {
        public Plan {
            targets = List.copyOf(targets);
            refused = List.copyOf(refused);
            notActive = List.copyOf(notActive);
            Objects.requireNonNull(parameters);
            parametersText = parametersText == null ? "" : parametersText;
        }

        /** Every account the report will have an entry for. */
        public int accounts() {
            return targets.size() + refused.size();
        }
    }

    /** Receives each account's outcome, on the thread that called {@link #run}, in the order they complete. */
    @FunctionalInterface
    public interface AccountListener {
        void accept(AccountOutcome outcome) throws IOException;
    }

    private final Organization organization;
    private final Options options;
    private final Clock clock;
    private final io.github.crossaccountmfa.rule.KnownAccounts known;

    public OrganizationAudit(Organization organization, Options options, Clock clock) {
        this(organization, options, clock, io.github.crossaccountmfa.rule.KnownAccounts.bundled());
    }

    /** {@code known} names outside accounts in the verdicts. */
    public OrganizationAudit(Organization organization, Options options, Clock clock,
                             io.github.crossaccountmfa.rule.KnownAccounts known) {
        this.organization = Objects.requireNonNull(organization);
        this.options = Objects.requireNonNull(options);
        this.clock = Objects.requireNonNull(clock);
        this.known = Objects.requireNonNull(known);
    }

    /**
     * Lists the organization and decides which accounts to audit.
     *
     * @throws AwsCallException when the organization cannot be listed (then there is nothing to report)
     */
    public Plan plan(RuleParameters parameters, String parametersText) {
        Organization.Snapshot snapshot = organization.describe();
        Map<String, MemberAccount> byId = new LinkedHashMap<>();
        snapshot.accounts().forEach(a -> byId.put(a.id(), a));
        List<MemberAccount> targets = new ArrayList<>();
        List<AccountOutcome.Unreachable> refused = new ArrayList<>();
        List<MemberAccount> notActive = new ArrayList<>();
        if (options.accounts().isEmpty()) {
            for (MemberAccount account : snapshot.accounts()) {
                (account.active() ? targets : notActive).add(account);
            }
        } else {
            for (String id : options.accounts()) {
                MemberAccount account = byId.get(id);
                if (account == null) {
                    refused.add(new AccountOutcome.Unreachable(new MemberAccount(id, "", ""), "not an account of "
                            + "organization " + snapshot.id() + " (organizations:ListAccounts does not list it)"));
                } else if (!account.active()) {
                    refused.add(new AccountOutcome.Unreachable(account, "the account is " + account.status()
                            + " in the organization: its roles cannot be audited"));
                } else {
                    targets.add(account);
                }
            }
        }
        RuleParameters effective = options.trustOrganization() ? trusting(parameters, snapshot) : parameters;
        return new Plan(snapshot, targets, refused, notActive, effective, parametersText);
    }

    /** The parameters with the organization's accounts and id trusted as well. */
    static RuleParameters trusting(RuleParameters parameters, Organization.Snapshot organization) {
        Set<String> accounts = new LinkedHashSet<>(parameters.trustedAccountIds());
        organization.accounts().forEach(a -> accounts.add(a.id()));
        Set<String> organizations = new LinkedHashSet<>(parameters.trustedOrganizationIds());
        organizations.add(organization.id());
        return new RuleParameters(accounts, organizations, parameters.acceptExternalId(), parameters.exemptionTagKey(),
                parameters.executionRoleName());
    }

    /**
     * Audits the plan's accounts and passes each outcome to {@code listener} as it completes (the refused ones
     * first). If the listener fails, the audit stops and the failure is thrown.
     */
    public OrganizationTotals run(Plan plan, AccountListener listener, AuditProgress progress) throws IOException {
        RoleEvaluator evaluator = new RoleEvaluator(new VerdictEngine(plan.parameters(), Clock.systemUTC(), known));
        List<AccountSummary> summaries = new ArrayList<>();
        progress.started(plan.accounts());
        int workers = Math.max(1, Math.min(options.maxConcurrency(), plan.targets().size()));
        ExecutorService pool = Executors.newFixedThreadPool(workers, daemonThreads());
        try {
            for (AccountOutcome.Unreachable refused : plan.refused()) {
                deliver(refused, listener, progress, summaries);
            }
            BlockingQueue<AccountOutcome> done = new ArrayBlockingQueue<>(workers);
            for (MemberAccount account : plan.targets()) {
                pool.execute(() -> hand(done, audit(account, plan, evaluator, progress)));
            }
            for (int i = 0; i < plan.targets().size(); i++) {
                deliver(done.take(), listener, progress, summaries);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while auditing the organization", e);
        } finally {
            pool.shutdownNow();
            progress.finished();
        }
        return new OrganizationTotals(summaries, plan.notActive(), clock.instant());
    }

    private static void deliver(AccountOutcome outcome, AccountListener listener, AuditProgress progress,
                                List<AccountSummary> summaries) throws IOException {
        progress.accountDone(outcome instanceof AccountOutcome.Audited);
        summaries.add(AccountSummary.of(outcome));
        listener.accept(outcome);
    }

    /** One account, whatever happens: every task hands over exactly one outcome. */
    private AccountOutcome audit(MemberAccount account, Plan plan, RoleEvaluator evaluator, AuditProgress progress) {
        boolean own = account.id().equals(plan.organization().callerAccount());
        ScanMessages.Context context = own ? ScanMessages.Context.callerAccount() : ScanMessages.Context.memberAccount();
        try (AccountRoles roles = organization.open(account.id())) {
            ScanResult result = new AccountScan(roles, evaluator, clock).run(plan.parametersText(), counting(progress));
            return new AccountOutcome.Audited(account, result);
        } catch (ScanException e) {
            return new AccountOutcome.Unreachable(account, ScanMessages.scanFailure(e, context));
        } catch (AwsCallException e) {
            return new AccountOutcome.Unreachable(account, ScanMessages.entryFailure(e, plan.organization().callerArn()));
        } catch (OutOfMemoryError e) {
            return new AccountOutcome.Unreachable(account, "ran out of memory while auditing the account; "
                    + "run with a larger heap (-Xmx) or a lower --max-concurrency");
        } catch (RuntimeException | Error e) {
            return new AccountOutcome.Unreachable(account, "internal error while auditing the account ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }

    /** Turns one account's running count of listed roles into increments of the organization's. */
    private static ScanProgress counting(AuditProgress progress) {
        return new ScanProgress() {
            private long reported;

            @Override
            public void update(long listed, long evaluated, long tagLookups) {
                if (listed > reported) {
                    progress.rolesListed(listed - reported);
                    reported = listed;
                }
            }
        };
    }

    private static void hand(BlockingQueue<AccountOutcome> done, AccountOutcome outcome) {
        try {
            done.put(outcome);
        } catch (InterruptedException e) {
            // the audit was abandoned (the listener failed): nobody waits for this outcome
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "organization-audit-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
