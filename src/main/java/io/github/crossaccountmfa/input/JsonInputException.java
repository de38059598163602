package io.github.crossaccountmfa.input;

import java.util.OptionalInt;

/**
 * JSON text that could not be read, said in this tool's words: where (the path of the element, and the line and
 * column) and what is wrong. No parser internals.
 */
public final class JsonInputException extends RuntimeException {
    private final String path;
    private final String problem;
    private final int line;
    private final int column;

    /**
     * @param path    the element at fault in this tool's notation ({@code Statement[0].Condition}), {@code ""} for
     *                the document itself
     * @param problem what is wrong, e.g. {@code invalid JSON: expected ',' or '}', found '"'}
     * @param line    1-based line, 0 when unknown
     * @param column  1-based column, 0 when unknown
     */
    public JsonInputException(String path, String problem, int line, int column) {
        super(Excerpt.path(path).isEmpty() ? problem + position(line, column)
                : Excerpt.path(path) + ": " + problem + position(line, column), null, false, false);
        this.path = path;
        this.problem = problem;
        this.line = line;
        this.column = column;
    }

    public String path() {
        return path;
    }

    /** What is wrong, e.g. {@code invalid JSON: expected ':' after a key, found '}'}. */
    public String problem() {
        return problem;
    }

    public OptionalInt line() {
        return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
    }

    public OptionalInt column() {
        return column > 0 ? OptionalInt.of(column) : OptionalInt.empty();
    }

    /** {@code " (line 3, column 7)"}, or {@code ""} when the position is unknown. */
    public static String position(int line, int column) {
        if (line <= 0) {
            return "";
        }
        return column > 0 ? " (line " + line + ", column " + column + ")" : " (line " + line + ")";
    }
}
