package io.github.crossaccountmfa.template;

/**
 * A line in a file: where a Terraform role's trust-policy statement is written, which may be another file of its
 * module than the role's.
 *
 * @param file the file, as found or named
 * @param line its 1-based line
 */
public record SourceLocation(String file, int line) {
}
