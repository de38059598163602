package io.github.crossaccountmfa.rule;

/**
 * One third-party caller that a policy lets assume the role, in one MFA state.
 *
 * @param caller   the caller's principal ARN (and session name for a role session)
 * @param mfaState {@code KEYS_ABSENT}, {@code PRESENT_FALSE} or {@code MFA}
 */
public record Admission(String caller, String mfaState) {
}
