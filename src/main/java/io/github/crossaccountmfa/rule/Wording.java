package io.github.crossaccountmfa.rule;

import java.util.List;

/**
 * The one place where findings and annotations are put into words. The engine ({@code Analysis}) decides who gets
 * in and on which terms and hands the data here; nothing else composes these sentences, and reports read the data
 * ({@link Access}) rather than the sentences.
 */
public final class Wording {
    /** The clause an annotation starts with when some statement is public. */
    static final String PUBLIC_CLAUSE = "Public trust: any AWS account can assume this role. ";

    private Wording() {
    }

    /** How a caller is named for people: {@code arn:aws:iam::222222222222:root (Vendor)}, {@code * (any AWS account)}. */
    public static String subject(Access access) {
        String text = switch (access.shape()) {
            case NAMED -> access.principal();
            case EVERYONE -> access.singleAccount() ? "* (account " + access.account() + ")"
                    : access.publicTrust() ? "* (any AWS account)" : "* (any account of " + access.account() + ")";
            case EVERYONE_EXCEPT -> "any principal except " + String.join(", ", access.excluded())
                    + (access.singleAccount() ? " (account " + access.account() + ")" : "");
        };
        return access.accountName().map(name -> text + " (" + name + ")").orElse(text);
    }

    /** An outside account for people: {@code 222222222222 (Vendor)}, {@code * (any AWS account)}. */
    public static String account(String account, java.util.Optional<String> name) {
        String text = account.equals("*") ? "* (any AWS account)"
                : account.startsWith("o-") ? "any account of organization " + account : account;
        return name.map(n -> text + " (" + n + ")").orElse(text);
    }

    // ---- grants -------------------------------------------------------------------------------------------------

    static String noMfaItem(Access access, int statement, String action) {
        return subject(access) + " (statement " + statement + ", " + action + ")";
    }

    static String noMfaMessage(Access access, String statementLabel, String action, String scenario, String hints) {
        return subject(access) + " can assume the role without MFA, " + scenario + ": " + statementLabel + " allows "
                + action + hints;
    }

    static String organizationHint(List<String> organizations) {
        return "; its aws:PrincipalOrgID " + String.join(", ", organizations)
                + " is not in TrustedOrganizationIds, so members are treated as third parties";
    }

    static String mfaItem(Access access, int statement) {
        return subject(access) + " (statement " + statement + ")";
    }

    static String mfaMessage(Access access, String statementLabel) {
        return subject(access) + " can assume the role only with MFA (" + statementLabel + ")";
    }

    static String externalIdItem(Access access, int statement) {
        return subject(access) + " (statement " + statement + ", sts:ExternalId)";
    }

    static String externalIdMessage(Access access, String statementLabel) {
        return subject(access) + " can assume the role without MFA but only with the exact sts:ExternalId that "
                + statementLabel + " requires (AcceptExternalId=true)";
    }

    static String publicMessage(String statementLabel, Access.Mfa mfa) {
        return statementLabel + " admits callers from any AWS account: no condition pins the caller's account, ARN or "
                + "organization (aws:PrincipalAccount, aws:PrincipalArn, aws:PrincipalOrgID)"
                + (mfa == Access.Mfa.REQUIRED ? "; MFA is required, but anyone with an AWS account and an MFA device "
                        + "can still assume it" : "");
    }

    static String compliantPrefix(boolean withMfa, boolean byExternalId) {
        return !byExternalId
                ? "Third-party access requires MFA: "
                : !withMfa
                        ? "Third-party access requires an exact sts:ExternalId (AcceptExternalId): "
                        : "Third-party access requires MFA or an exact sts:ExternalId: ";
    }

    static final String NON_COMPLIANT_PREFIX = "Assumable without MFA by ";

    // ---- notes --------------------------------------------------------------------------------------------------

    static final String ACCOUNT_UNKNOWN =
            "The role's account was not given, so every account the policy names is treated as a third party";
    static final String BUDGET =
            "The policy's conditions are too many to search exhaustively; undecided requests were allowed";

    static String notPrincipal(String statementLabel) {
        return "NotPrincipal is rejected by IAM in trust policies; read as every principal except those listed ("
                + statementLabel + ")";
    }

    static String federated(String principal) {
        return "Federated principal " + principal + " signs in with SAML/OIDC, which carries no MFA context: "
                + "out of this rule's scope";
    }

    static String deleted(String principal) {
        return principal + " is the unique id of a deleted user or role: nobody can match it; remove it from the policy";
    }

    static String federationSession(String principal) {
        return principal + " is a federation-token session, which cannot call sts:AssumeRole";
    }

    static String canonicalUser(String principal) {
        return "CanonicalUser " + principal + " is an S3 principal and cannot assume a role";
    }

    static String policyVariable(String condition) {
        return condition + " uses a policy variable; it was resolved in the caller's favour";
    }

    static String invalidCondition(String condition, String operator) {
        return condition + " has a value " + operator + " cannot compare; it never matches";
    }
}
