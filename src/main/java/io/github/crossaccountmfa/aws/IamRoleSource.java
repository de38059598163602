package io.github.crossaccountmfa.aws;

import io.github.crossaccountmfa.invocation.RoleSource;

import io.github.crossaccountmfa.rule.RoleRecord;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.ListRoleTagsResponse;
import software.amazon.awssdk.services.iam.model.ListRolesResponse;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * Roles from IAM {@code ListRoles}, 1000 per page (the maximum), which already carries the trust policy: no
 * per-role {@code GetRole}. Tags, which ListRoles omits, come from {@code ListRoleTags} on demand.
 */
public final class IamRoleSource implements RoleSource {
    static final int PAGE_SIZE = 1000;

    private final IamClient iam;

    public IamRoleSource(IamClient iam) {
        this.iam = iam;
    }

    @Override
    public long forEachRole(Consumer<RoleRecord> consumer) {
        long count = 0;
        Optional<String> marker = Optional.empty();
        do {
            Optional<String> current = marker;
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
    public Map<String, String> tags(RoleRecord role) {
        Map<String, String> tags = new LinkedHashMap<>();
        Optional<String> marker = Optional.empty();
        do {
            Optional<String> current = marker;
            ListRoleTagsResponse page = iam.listRoleTags(r -> r.roleName(role.name()).marker(current.orElse(null)));
            for (Tag tag : page.tags()) {
                tags.put(tag.key(), tag.value());
            }
            marker = Boolean.TRUE.equals(page.isTruncated()) ? Optional.ofNullable(page.marker()) : Optional.empty();
        } while (marker.isPresent());
        return tags;
    }

    static RoleRecord record(Role role) {
        return new RoleRecord(role.roleName(), role.roleId(), role.arn(), role.path() == null ? "/" : role.path(),
                role.assumeRolePolicyDocument() == null ? "" : role.assumeRolePolicyDocument(), Optional.empty());
    }
}
