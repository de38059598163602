package io.github.crossaccountmfa.policy;

/**
 * A trust-policy document that is not a policy IAM would accept. The message names the offending element,
 * e.g. {@code Statement[2].Principal.AWS: expected a string or array}.
 */
public final class PolicyParseException extends RuntimeException {
    private final String path;

    public PolicyParseException(String path, String problem) {
        super(path.isEmpty() ? problem : path + ": " + problem);
        this.path = path;
    }

    /** The JSON path of the offending element ({@code ""} for the document itself). */
    public String path() {
        return path;
    }
}
