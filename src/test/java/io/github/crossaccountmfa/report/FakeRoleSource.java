package io.github.crossaccountmfa.report;

import io.github.crossaccountmfa.invocation.RoleSource;
import io.github.crossaccountmfa.rule.RoleRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** A role source for unit tests: roles in memory, tags looked up by name, calls counted, failures on demand. */
public final class FakeRoleSource implements RoleSource {
    private final String account;
    private final List<RoleRecord> roles = new ArrayList<>();
    private final Map<String, Map<String, String>> tags = new java.util.HashMap<>();
    private final AtomicInteger tagCalls = new AtomicInteger();
    private final List<String> taggedLookups = new ArrayList<>();
    private final java.util.Set<String> deleted = new java.util.HashSet<>();
    private int failListingAfter = -1;
    private RuntimeException listingFailure;
    private RuntimeException tagFailure;
    private long delayMillis;

    /** Roles of account {@value Policies#ACCOUNT}. */
    public FakeRoleSource() {
        this(Policies.ACCOUNT);
    }

    /** Roles of {@code account}. */
    public FakeRoleSource(String account) {
        this.account = account;
    }

    public FakeRoleSource add(String name, String path, String policy) {
        return add(name, path, policy, Map.of());
    }

    public FakeRoleSource add(String name, String path, String policy, Map<String, String> roleTags) {
        roles.add(record(account, name, path, policy));
        tags.put(name, roleTags);
        return this;
    }

    public static RoleRecord record(String name, String path, String policy) {
        return record(Policies.ACCOUNT, name, path, policy);
    }

    static RoleRecord record(String account, String name, String path, String policy) {
        return new RoleRecord(name, Policies.roleId(account.equals(Policies.ACCOUNT) ? name : account + name), "arn:aws:iam::" + account + ":role" + path + name,
                path, policy, java.util.Optional.empty());
    }

    /** Listing throws {@code failure} once {@code roles} roles have been passed on. */
    public FakeRoleSource failListingAfter(int roles, RuntimeException failure) {
        this.failListingAfter = roles;
        this.listingFailure = failure;
        return this;
    }

    /** Listing takes {@code millis} per role, like a slow account. */
    public FakeRoleSource delayPerRole(long millis) {
        this.delayMillis = millis;
        return this;
    }

    public FakeRoleSource failTagLookups(RuntimeException failure) {
        this.tagFailure = failure;
        return this;
    }

    @Override
    public long forEachRole(Consumer<RoleRecord> consumer) {
        long count = 0;
        for (RoleRecord role : roles) {
            if (count == failListingAfter) {
                throw listingFailure;
            }
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            consumer.accept(role);
            count++;
        }
        if (count == failListingAfter) {
            throw listingFailure;
        }
        return count;
    }

    @Override
    public Optional<Map<String, String>> tags(RoleRecord role) {
        tagCalls.incrementAndGet();
        taggedLookups.add(role.name());
        if (tagFailure != null) {
            throw tagFailure;
        }
        if (deleted.contains(role.name())) {
            return Optional.empty();
        }
        return Optional.of(tags.getOrDefault(role.name(), Map.of()));
    }

    /** The role is "deleted" once listed: its tag look-up finds nothing, as ListRoleTags' NoSuchEntity. */
    public FakeRoleSource deletedAfterListing(String name) {
        deleted.add(name);
        return this;
    }

    public int tagCalls() {
        return tagCalls.get();
    }

    public List<String> tagLookups() {
        return List.copyOf(taggedLookups);
    }
}
