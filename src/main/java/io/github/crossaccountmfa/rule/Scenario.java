package io.github.crossaccountmfa.rule;

/** The MFA state of an {@code sts:AssumeRole} request. */
enum Scenario {
    /** Long-term access keys: {@code aws:MultiFactorAuthPresent} and {@code aws:MultiFactorAuthAge} absent. */
    KEYS_ABSENT("with long-term access keys (no MFA key in the request)"),
    /** Temporary credentials obtained without MFA: present and false, no age. */
    PRESENT_FALSE("with temporary credentials obtained without MFA"),
    /** MFA used: present and true, age any non-negative number. */
    MFA("with MFA");

    private final String description;

    Scenario(String description) {
        this.description = description;
    }

    String description() {
        return description;
    }

    RequestValue mfaPresent() {
        return switch (this) {
            case KEYS_ABSENT -> RequestValue.ABSENT;
            case PRESENT_FALSE -> RequestValue.of("false");
            case MFA -> RequestValue.of("true");
        };
    }
}
