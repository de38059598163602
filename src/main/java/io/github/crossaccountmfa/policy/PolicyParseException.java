package io.github.crossaccountmfa.policy;

import io.github.crossaccountmfa.input.Excerpt;
import io.github.crossaccountmfa.input.JsonInputException;

/**
 * A trust-policy document that is not a policy IAM would accept, or that this tool will not read (too large, too
 * deeply nested). The message names the offending element and, when known, its line and column, e.g.
 * {@code Statement[2].Principal.AWS: expected a string or array (line 9, column 14)}.
 */
public final class PolicyParseException extends RuntimeException {
    private final String path;
    private final String problem;
    private final String position;

    public PolicyParseException(String path, String problem) {
        this(path, problem, "");
    }

    private PolicyParseException(String path, String problem, String position) {
        super(describe(path, problem) + position);
        this.path = path;
        this.problem = problem;
        this.position = position;
    }

    static PolicyParseException of(JsonInputException e) {
        return new PolicyParseException(e.path(), e.problem(), JsonInputException.position(
                e.line().orElse(0), e.column().orElse(0)));
    }

    /** The JSON path of the offending element ({@code ""} for the document itself). */
    public String path() {
        return path;
    }

    /**
     * The message without the line and column: for a document that was not written as text (an object embedded in
     * a template), whose positions would point into text nobody wrote.
     */
    public String withoutPosition() {
        return describe(path, problem);
    }

    /** This error with the line and column of its element. */
    PolicyParseException at(int line, int column) {
        return new PolicyParseException(path, problem, JsonInputException.position(line, column));
    }

    private static String describe(String path, String problem) {
        return Excerpt.path(path).isEmpty() ? problem : Excerpt.path(path) + ": " + problem;
    }
}
