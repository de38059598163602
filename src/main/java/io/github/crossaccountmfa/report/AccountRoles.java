package io.github.crossaccountmfa.report;

import io.github.crossaccountmfa.invocation.RoleSource;

/** The roles of one account, open until closed (an IAM client, perhaps assumed-role credentials). */
public interface AccountRoles extends RoleSource, AutoCloseable {
    @Override
    void close();
}
