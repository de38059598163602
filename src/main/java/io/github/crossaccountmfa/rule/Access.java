package io.github.crossaccountmfa.rule;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who a grant lets in, as data: the outside account, how the policy designates it, and on which terms. The
 * wording of findings and annotations is made from it by {@link Wording}; reports read it directly.
 *
 * @param account     the outside account's 12-digit id; {@code "*"} for callers from any account (public trust);
 *                    an organization id ({@code o-…}) for callers from any account of an untrusted organization
 * @param accountName the account's name when it is a known account
 * @param principal   the principal as the policy writes it ({@code "*"} for any principal or NotPrincipal)
 * @param shape       how the statement designates the caller
 * @param excluded    the principals a NotPrincipal statement lists (empty otherwise)
 * @param mfa         whether the caller needs MFA to get in this way
 * @param externalId  whether the statement requires an exact {@code sts:ExternalId}
 * @param publicTrust whether the statement admits callers from any AWS account (SPEC §1 "Public trust")
 */
public record Access(String account, Optional<String> accountName, String principal, Shape shape, List<String> excluded,
                     Mfa mfa, boolean externalId, boolean publicTrust) {
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

    public Access {
        excluded = List.copyOf(excluded);
        accountName = accountName.filter(n -> !n.isBlank());
    }

    /** How a statement designates the caller. */
    public enum Shape {
        /** A principal naming an account, user or role. */
        NAMED,
        /** {@code "*"} or {@code {"AWS":"*"}}. */
        EVERYONE,
        /** NotPrincipal: every principal except those listed. */
        EVERYONE_EXCEPT
    }

    /** Whether the caller needs MFA, as SPEC §3 writes it. */
    public enum Mfa {
        NOT_REQUIRED("not-required"), REQUIRED("required");

        private final String text;

        Mfa(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        public static Optional<Mfa> ofText(String text) {
            for (Mfa mfa : values()) {
                if (mfa.text.equals(text)) {
                    return Optional.of(mfa);
                }
            }
            return Optional.empty();
        }
    }

    /** Whether {@link #account} is one 12-digit account (not {@code *} nor an organization). */
    public boolean singleAccount() {
        return ACCOUNT_ID.matcher(account).matches();
    }
}
