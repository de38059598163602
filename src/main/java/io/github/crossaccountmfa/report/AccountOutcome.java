package io.github.crossaccountmfa.report;

/** What auditing one account of an organization gave: every role's verdict, or why it could not be audited. */
public sealed interface AccountOutcome {

    MemberAccount account();

    /** The account was scanned completely. */
    record Audited(MemberAccount account, ScanResult result) implements AccountOutcome {
    }

    /**
     * The account could not be audited (no execution role, access denied, suspended, an AWS error part-way):
     * none of its roles are reported, and the command exits with status 2.
     *
     * @param reason one sentence in the tool's words, with what AWS answered
     */
    record Unreachable(MemberAccount account, String reason) implements AccountOutcome {
    }
}
