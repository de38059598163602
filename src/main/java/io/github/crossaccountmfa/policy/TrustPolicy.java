package io.github.crossaccountmfa.policy;

import java.util.List;
import java.util.Optional;

/**
 * An IAM role trust policy ({@code AssumeRolePolicyDocument}), immutable.
 *
 * @param version the {@code Version} element, when present
 */
public record TrustPolicy(Optional<String> version, List<Statement> statements) {

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
