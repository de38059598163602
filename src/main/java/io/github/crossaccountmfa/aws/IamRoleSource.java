package io.github.crossaccountmfa.aws;

import io.github.crossaccountmfa.invocation.CallGuard;
import io.github.crossaccountmfa.invocation.RoleSource;
import io.github.crossaccountmfa.rule.RoleRecord;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.ListRoleTagsResponse;
import software.amazon.awssdk.services.iam.model.ListRolesResponse;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * Roles from IAM {@code ListRoles}, 1000 per page (the maximum), which already carries the trust policy: no
 * per-role {@code GetRole}. Tags, which ListRoles omits, come from {@code ListRoleTags} on demand; a role that
 * ListRoleTags no longer knows ({@code NoSuchEntity}) was deleted after it was listed. Every page is preceded by
 * the invocation's {@link CallGuard}.
 */
public final class IamRoleSource implements RoleSource {
    static final int PAGE_SIZE = 1000;

    private final IamClient iam;
    private final CallGuard guard;
    private final Duration worstCase;

    /** Without a deadline (the command line). */
    public IamRoleSource(IamClient iam) {
        this(iam, CallGuard.NONE, Duration.ZERO);
    }

    /** {@code worstCase}: the longest one IAM call can take, retries included. */
    public IamRoleSource(IamClient iam, CallGuard guard, Duration worstCase) {
        this.iam = iam;
        this.guard = guard;
        this.worstCase = worstCase;
    }

    @Override
    public long forEachRole(Consumer<RoleRecord> consumer) {
        long count = 0;
        int pages = 0;
        Optional<String> marker = Optional.empty();
        do {
            Optional<String> current = marker;
            guard.beforeCall("IAM ListRoles (page " + ++pages + ")", worstCase);
            ListRolesResponse page = iam.listRoles(r -> r.maxItems(PAGE_SIZE).marker(current.orElse(null)));
            for (Role role : page.roles()) {
                consumer.accept(record(role));
                count++;
            }
            marker = Boolean.TRUE.equals(page.isTruncated()) ? Optional.ofNullable(page.marker()) : Optional.empty();
        } while (marker.isPresent());
        return count;
    }

    @Override
    public Optional<Map<String, String>> tags(RoleRecord role) {
        Map<String, String> tags = new LinkedHashMap<>();
        Optional<String> marker = Optional.empty();
        do {
            Optional<String> current = marker;
            guard.beforeCall("IAM ListRoleTags for role " + role.name(), worstCase);
            ListRoleTagsResponse page;
            try {
                page = iam.listRoleTags(r -> r.roleName(role.name()).marker(current.orElse(null)));
            } catch (NoSuchEntityException e) {
                return Optional.empty();
            }
            for (Tag tag : page.tags()) {
                tags.put(tag.key(), tag.value());
            }
            marker = Boolean.TRUE.equals(page.isTruncated()) ? Optional.ofNullable(page.marker()) : Optional.empty();
        } while (marker.isPresent());
        return Optional.of(tags);
    }

    static RoleRecord record(Role role) {
        return new RoleRecord(role.roleName(), role.roleId(), role.arn(), role.path() == null ? "/" : role.path(),
                role.assumeRolePolicyDocument() == null ? "" : role.assumeRolePolicyDocument(), Optional.empty());
    }
}
