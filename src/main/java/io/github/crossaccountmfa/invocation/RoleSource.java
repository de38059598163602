package io.github.crossaccountmfa.invocation;

import io.github.crossaccountmfa.rule.RoleRecord;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Where roles come from: IAM's {@code ListRoles} in production, a fake in unit tests. */
public interface RoleSource {

    /**
     * Passes every role of the account to {@code consumer}, page by page, trust policy included.
     *
     * @return the number of roles listed
     */
    long forEachRole(Consumer<RoleRecord> consumer);

    /**
     * The tags of one role (one extra call, so callers use it sparingly); empty when the role no longer exists (it
     * was deleted after it was listed).
     */
    Optional<Map<String, String>> tags(RoleRecord role);
}
