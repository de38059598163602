package io.github.crossaccountmfa.cli;

/** Output formats of check-policy. */
public enum OutputFormat {
    text, json
}
