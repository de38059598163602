package io.github.crossaccountmfa.rule;

import java.util.List;

/** The value of one condition key in a request: absent, or a list of values (one for single-valued keys). */
record RequestValue(boolean present, List<String> values) {
    static final RequestValue ABSENT = new RequestValue(false, List.of());
    static final RequestValue EMPTY_SET = new RequestValue(true, List.of());

    RequestValue {
        values = List.copyOf(values);
    }

    static RequestValue of(String value) {
        return new RequestValue(true, List.of(value));
    }

    static RequestValue of(List<String> values) {
        return new RequestValue(true, values);
    }

    @Override
    public String toString() {
        return present ? values.toString() : "(absent)";
    }
}
