package io.github.crossaccountmfa.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import io.github.crossaccountmfa.rule.RoleRecord;

/**
 * An organization for unit tests: accounts with fake role sources, accounts that cannot be entered, and a count
 * of the accounts open at the same time (from {@link #open} until the roles are closed).
 */
public final class FakeOrganization implements Organization {
    public static final String ID = "o-a1b2c3d4e5";
    public static final String CALLER = "999999999999";
    public static final String CALLER_ARN = "arn:aws:iam::" + CALLER + ":user/auditor";

    private final List<MemberAccount> accounts = new ArrayList<>();
    private final Map<String, FakeRoleSource> roles = new HashMap<>();
    private final Map<String, AwsCallException> refusals = new HashMap<>();
    private final Set<String> openedIds = ConcurrentHashMap.newKeySet();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private AwsCallException listingFailure;
    private int holdUntilOpen;
    private Duration holdAtMost = Duration.ZERO;

    public FakeOrganization account(String id, String name, FakeRoleSource source) {
        return account(id, name, MemberAccount.ACTIVE, source);
    }

    public FakeOrganization account(String id, String name, String status, FakeRoleSource source) {
        accounts.add(new MemberAccount(id, name, status));
        roles.put(id, source);
        return this;
    }

    /** An ACTIVE account whose execution role cannot be assumed. */
    public FakeOrganization refusing(String id, String name, AwsCallException failure) {
        accounts.add(new MemberAccount(id, name, MemberAccount.ACTIVE));
        refusals.put(id, failure);
        return this;
    }

    /** {@link #describe} fails. */
    public FakeOrganization failListing(AwsCallException failure) {
        this.listingFailure = failure;
        return this;
    }

    /**
     * Each account, once opened, lists its roles only when {@code count} accounts are open at once, or every
     * account has been opened, or after {@code atMost}: a sequential audit would wait that long for each, a
     * concurrent one hardly waits.
     */
    public FakeOrganization holdUntilOpen(int count, Duration atMost) {
        this.holdUntilOpen = count;
        this.holdAtMost = atMost;
        return this;
    }

    /** The AccessDenied STS gives for a role that does not exist or does not trust the caller. */
    public static AwsCallException accessDenied(String account) {
        String role = "arn:aws:iam::" + account + ":role/" + OrganizationAudit.DEFAULT_EXECUTION_ROLE;
        return new AwsCallException("sts:AssumeRole", role, AwsCallException.Kind.ACCESS_DENIED, "AccessDenied",
                "User: " + CALLER_ARN + " is not authorized to perform: sts:AssumeRole on resource: " + role, 403, 1);
    }

    @Override
    public Snapshot describe() {
        if (listingFailure != null) {
            throw listingFailure;
        }
        return new Snapshot(ID, CALLER, CALLER_ARN, accounts);
    }

    @Override
    public AccountRoles open(String accountId) {
        opened.incrementAndGet();
        openedIds.add(accountId);
        AwsCallException refusal = refusals.get(accountId);
        if (refusal != null) {
            throw refusal;
        }
        FakeRoleSource source = roles.get(accountId);
        if (source == null) {
            throw new AssertionError("the audit opened " + accountId + ", which it should not have");
        }
        maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
        hold();
        return new AccountRoles() {
            @Override
            public long forEachRole(Consumer<RoleRecord> consumer) {
                return source.forEachRole(consumer);
            }

            @Override
            public Optional<Map<String, String>> tags(RoleRecord role) {
                return source.tags(role);
            }

            @Override
            public void close() {
                open.decrementAndGet();
                closed.incrementAndGet();
            }
        };
    }

    private void hold() {
        long deadline = System.nanoTime() + holdAtMost.toNanos();
        // once every account has been opened, no further one can join: the last ones go on
        while (open.get() < holdUntilOpen && opened.get() < accounts.size() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Accounts opened so far (entered or refused). */
    public int opened() {
        return opened.get();
    }

    public Set<String> openedIds() {
        return Set.copyOf(openedIds);
    }

    /** The most accounts open at the same time. */
    public int maxOpen() {
        return maxOpen.get();
    }

    /** Accounts whose roles were closed after use. */
    public int closed() {
        return closed.get();
    }
}
