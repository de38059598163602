package io.github.crossaccountmfa.rule;

import java.util.Optional;

/**
 * One observation about a trust policy: which statement, which principal, and why.
 *
 * @param kind      what was found
 * @param statement the 1-based statement number, when the finding is about one statement
 * @param sid       that statement's Sid, when it has one
 * @param principal the principal as the policy writes it ({@code ""} when not about a principal)
 * @param action    how the statement grants {@code sts:AssumeRole} ({@code ""} when not about a grant)
 * @param message   a sentence for people, written by {@link Wording} from the data
 * @param access    who the finding lets in and on which terms, for findings about a grant (NO_MFA, MFA_REQUIRED,
 *                  EXTERNAL_ID, PUBLIC_TRUST)
 */
public record Finding(Kind kind, Optional<Integer> statement, Optional<String> sid, String principal, String action,
                      String message, Optional<Access> access) {

    /** A finding about no grant. */
    public Finding(Kind kind, Optional<Integer> statement, Optional<String> sid, String principal, String action,
                   String message) {
        this(kind, statement, sid, principal, action, message, Optional.empty());
    }

    /** The same finding with {@code rewrite} applied to its texts (template placeholders made readable). */
    public Finding rewritten(java.util.function.UnaryOperator<String> rewrite) {
        return new Finding(kind, statement, sid, rewrite.apply(principal), action, rewrite.apply(message),
                access.map(a -> new Access(a.account(), a.accountName(), rewrite.apply(a.principal()), a.shape(),
                        a.excluded(), a.mfa(), a.externalId(), a.publicTrust())));
    }

    /**
     * What a finding reports. {@link #NO_MFA} makes a role NON_COMPLIANT, and so do {@link #UNPARSEABLE_POLICY} and
     * {@link #EVALUATION_FAILED}, because the rule fails closed.
     */
    public enum Kind {
        /**
         * A statement admits callers from any AWS account: no condition pins the caller's account, ARN or
         * organization. It comes with the verdict's own findings (NO_MFA or MFA_REQUIRED) and ranks first.
         */
        PUBLIC_TRUST,
        /** A third-party caller can assume the role without MFA. */
        NO_MFA,
        /** Third-party callers can assume the role, but only with MFA. */
        MFA_REQUIRED,
        /** Third-party access is protected by an exact sts:ExternalId (AcceptExternalId=true). */
        EXTERNAL_ID,
        /** Federated (SAML/OIDC) trust: no MFA context exists, so it is out of the rule's scope. */
        FEDERATED,
        /** A unique id of a deleted user or role: nobody can match it. */
        DELETED_PRINCIPAL,
        /** NotPrincipal, which IAM rejects in trust policies, read as "everyone except". */
        NOT_PRINCIPAL,
        /** A condition value that can never match (e.g. Bool "yes"). */
        INVALID_CONDITION,
        /** A condition the engine cannot evaluate exactly; it was resolved in the caller's favour. */
        UNCERTAIN_CONDITION,
        /** A principal that can never call sts:AssumeRole (a federated-user session, a canonical user). */
        CANNOT_ASSUME,
        /** The role's account was not given: every named account is treated as a third party. */
        ACCOUNT_UNKNOWN,
        /** The trust policy could not be read (not a policy IAM accepts, or too large): NON_COMPLIANT, fail closed. */
        UNPARSEABLE_POLICY,
        /** The trust policy could not be evaluated (an internal error): NON_COMPLIANT, fail closed. */
        EVALUATION_FAILED;

        /** The verdict was not decided on the policy's content but failed closed: its message says why. */
        public boolean failedClosed() {
            return this == UNPARSEABLE_POLICY || this == EVALUATION_FAILED;
        }
    }

    static Finding about(Kind kind, io.github.crossaccountmfa.policy.Statement statement, String principal,
                         String action, String message) {
        return new Finding(kind, Optional.of(statement.index() + 1), statement.sid().filter(s -> !s.isBlank()), principal,
                action, message);
    }

    static Finding grant(Kind kind, io.github.crossaccountmfa.policy.Statement statement, String action, String message,
                         Access access) {
        String principal = access.shape() == Access.Shape.EVERYONE_EXCEPT ? "" : access.principal();
        return new Finding(kind, Optional.of(statement.index() + 1), statement.sid().filter(s -> !s.isBlank()),
                principal, action, message, Optional.of(access));
    }

    static Finding general(Kind kind, String message) {
        return new Finding(kind, Optional.empty(), Optional.empty(), "", "", message);
    }
}
