package io.github.crossaccountmfa.report;

import io.github.crossaccountmfa.invocation.RoleSource;

/** What {@code scan} reaches with the current credentials; closed when the scan ends. */
public interface ScanConnection extends AutoCloseable {

    /** The roles of the credentials' own account. */
    RoleSource roles();

    /** The organization, entering other accounts through the role {@code executionRoleName}. */
    Organization organization(String executionRoleName);

    @Override
    void close();
}
