package io.github.crossaccountmfa.template;

/**
 * Something a run says about an input that is not a role's result: a file skipped because it is not a template,
 * a symbolic-link loop, a nested stack that cannot be followed, a parameter override no template declares.
 *
 * @param file    the file or directory it is about ({@code ""} for the whole run)
 * @param message what happened, in the tool's words
 */
public record Notice(String file, String message) {
}
