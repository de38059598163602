package io.github.crossaccountmfa.policy;

/** The set-operator prefix of a condition operator. */
public enum SetQualifier {
    NONE(""),
    /** {@code ForAllValues:}: true when every request value matches, also when the key is absent. */
    FOR_ALL_VALUES("ForAllValues:"),
    /** {@code ForAnyValue:}: true when at least one request value matches; false when the key is absent. */
    FOR_ANY_VALUE("ForAnyValue:");

    private final String prefix;

    SetQualifier(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }
}
