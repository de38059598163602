package io.github.crossaccountmfa.policy;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The base condition operators IAM defines (without the {@code IfExists} suffix or a set prefix). */
public enum Operator {
    STRING_EQUALS("StringEquals", Type.STRING, false),
    STRING_NOT_EQUALS("StringNotEquals", Type.STRING, true),
    STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", Type.STRING, false),
    STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", Type.STRING, true),
    STRING_LIKE("StringLike", Type.STRING, false),
    STRING_NOT_LIKE("StringNotLike", Type.STRING, true),
    NUMERIC_EQUALS("NumericEquals", Type.NUMERIC, false),
    NUMERIC_NOT_EQUALS("NumericNotEquals", Type.NUMERIC, true),
    NUMERIC_LESS_THAN("NumericLessThan", Type.NUMERIC, false),
    NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals", Type.NUMERIC, false),
    NUMERIC_GREATER_THAN("NumericGreaterThan", Type.NUMERIC, false),
    NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals", Type.NUMERIC, false),
    DATE_EQUALS("DateEquals", Type.DATE, false),
    DATE_NOT_EQUALS("DateNotEquals", Type.DATE, true),
    DATE_LESS_THAN("DateLessThan", Type.DATE, false),
    DATE_LESS_THAN_EQUALS("DateLessThanEquals", Type.DATE, false),
    DATE_GREATER_THAN("DateGreaterThan", Type.DATE, false),
    DATE_GREATER_THAN_EQUALS("DateGreaterThanEquals", Type.DATE, false),
    BOOL("Bool", Type.BOOL, false),
    BINARY_EQUALS("BinaryEquals", Type.BINARY, false),
    IP_ADDRESS("IpAddress", Type.IP, false),
    NOT_IP_ADDRESS("NotIpAddress", Type.IP, true),
    ARN_EQUALS("ArnEquals", Type.ARN, false),
    ARN_LIKE("ArnLike", Type.ARN, false),
    ARN_NOT_EQUALS("ArnNotEquals", Type.ARN, true),
    ARN_NOT_LIKE("ArnNotLike", Type.ARN, true),
    NULL("Null", Type.NULL, false);

    /** The kind of value an operator compares. */
    public enum Type { STRING, NUMERIC, DATE, BOOL, BINARY, IP, ARN, NULL }

    private static final Map<String, Operator> BY_LOWER_NAME = new HashMap<>();

    static {
        for (Operator op : values()) {
            BY_LOWER_NAME.put(op.text.toLowerCase(Locale.ROOT), op);
        }
    }

    private final String text;
    private final Type type;
    private final boolean negated;

    Operator(String text, Type type, boolean negated) {
        this.text = text;
        this.type = type;
        this.negated = negated;
    }

    public String text() {
        return text;
    }

    public Type type() {
        return type;
    }

    /** True for the "Not" operators, which hold when the key is absent. */
    public boolean negated() {
        return negated;
    }

    /** Looks an operator name up case-insensitively. */
    static Optional<Operator> byName(String name) {
        return Optional.ofNullable(BY_LOWER_NAME.get(name.toLowerCase(Locale.ROOT)));
    }
}
