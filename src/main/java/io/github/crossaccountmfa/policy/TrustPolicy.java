package io.github.crossaccountmfa.policy;

import java.util.List;
import java.util.Optional;

/**
 * An IAM role trust policy ({@code AssumeRolePolicyDocument}), immutable.
 *
 * @param version the {@code Version} element, when present
 */
public record TrustPolicy(Optional<String> version, List<Statement> statements) {
    /**
     * IAM's default quota for the length of a role trust policy, in characters, whitespace not counted
     * (IAM User Guide, "IAM and AWS STS quotas": role trust policy length).
     */
    public static final int IAM_DEFAULT_TRUST_POLICY_LENGTH = 2048;
    /** The most that quota can be raised to. */
    public static final int IAM_MAX_TRUST_POLICY_LENGTH = 4096;
    /**
     * The longest document this tool reads, URL-encoded or not: IAM's API accepts no policy document longer than
     * this ({@code policyDocumentType}, at most 131 072 characters), so anything longer is not a trust policy.
     */
    public static final int MAX_DOCUMENT_LENGTH = 131_072;

    public TrustPolicy {
        statements = List.copyOf(statements);
    }

    /**
     * Parses a trust policy given as JSON text, raw or URL-encoded (as AWS Config and {@code ListRoles} deliver it).
     *
     * @throws PolicyParseException naming the element that IAM would not accept
     */
    public static TrustPolicy parse(String document) {
        return PolicyReader.read(document);
    }

    /** The JSON text of a document that may be URL-encoded (IAM's RFC 3986 encoding), otherwise unchanged. */
    public static String decode(String document) {
        return PolicyReader.decode(document.strip());
    }
}
