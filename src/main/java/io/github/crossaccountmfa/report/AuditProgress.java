package io.github.crossaccountmfa.report;

/** Hears how far an organization audit is. {@link #rolesListed} comes from the worker threads. */
public interface AuditProgress {
    AuditProgress NONE = new AuditProgress() {
    };

    /** Once, before the first account: how many accounts will be audited. */
    default void started(int accounts) {
    }

    /** Some roles were listed in some account. */
    default void rolesListed(long count) {
    }

    /** An account is done, audited or not. */
    default void accountDone(boolean audited) {
    }

    /** Once, at the end (whether or not the audit completed). */
    default void finished() {
    }
}
