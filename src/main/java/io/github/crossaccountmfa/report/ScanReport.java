package io.github.crossaccountmfa.report;

import java.io.IOException;

/**
 * A report of an organization audit, written as the accounts complete: each account's roles once
 * ({@link #accept}), then the totals ({@link #finish}). Nothing of an account but its {@link AccountSummary} is
 * kept after it is written.
 */
public interface ScanReport extends OrganizationAudit.AccountListener, AutoCloseable {

    /** After the last account. */
    void finish(OrganizationTotals totals) throws IOException;

    /** Frees what the report put aside (temporary files); the output itself is the caller's to close. */
    @Override
    default void close() throws IOException {
    }
}
