package io.github.crossaccountmfa.rule;

import io.github.crossaccountmfa.policy.Condition;
import io.github.crossaccountmfa.policy.Glob;
import io.github.crossaccountmfa.policy.Operator;
import io.github.crossaccountmfa.policy.SetQualifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IAM's condition-operator semantics for one condition (one operator, one key) against one request value.
 * Follows the IAM User Guide: a missing key fails every operator except the negated ones, {@code …IfExists},
 * {@code Null} and {@code ForAllValues:}; several policy values are OR-ed.
 */
final class ConditionEvaluator {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private ConditionEvaluator() {
    }

    static boolean evaluate(Condition condition, RequestValue request) {
        Operator op = condition.operator();
        if (op == Operator.NULL) {
            return nullCheck(condition, request);
        }
        boolean emptySet = request.present() && request.values().isEmpty();
        if (!request.present() || emptySet) {
            if (condition.qualifier() == SetQualifier.FOR_ALL_VALUES) {
                return true;
            }
            if (condition.qualifier() == SetQualifier.FOR_ANY_VALUE) {
                return false;
            }
            return condition.ifExists() || op.negated();
        }
        if (condition.qualifier() == SetQualifier.FOR_ALL_VALUES) {
            for (String value : request.values()) {
                if (!matchesAny(condition, value)) {
                    return false;
                }
            }
            return true;
        }
        // ForAnyValue, and a plain operator on a (possibly multi-valued) key: some request value must match.
        for (String value : request.values()) {
            if (matchesAny(condition, value)) {
                return true;
            }
        }
        return false;
    }

    /** {@code Null: "true"} holds when the key is absent, {@code "false"} when present. Other values never match. */
    private static boolean nullCheck(Condition condition, RequestValue request) {
        for (String value : condition.values()) {
            if (value.equalsIgnoreCase("true") && !request.present()
                    || value.equalsIgnoreCase("false") && request.present()) {
                return true;
            }
        }
        return false;
    }

    /** For a positive operator: some policy value matches; for a negated one: no policy value matches. */
    private static boolean matchesAny(Condition condition, String requestValue) {
        Operator op = condition.operator();
        boolean any = false;
        for (String policyValue : condition.values()) {
            if (matches(op, requestValue, policyValue)) {
                any = true;
                break;
            }
        }
        return any != op.negated();
    }

    /** The positive comparison behind {@code op} (for StringNotEquals it is string equality). */
    static boolean matches(Operator op, String request, String policy) {
        return switch (op) {
            case STRING_EQUALS, STRING_NOT_EQUALS, BINARY_EQUALS -> request.equals(policy);
            case STRING_EQUALS_IGNORE_CASE, STRING_NOT_EQUALS_IGNORE_CASE -> request.equalsIgnoreCase(policy);
            case STRING_LIKE, STRING_NOT_LIKE -> Glob.matches(policy, request, false);
            case ARN_EQUALS, ARN_LIKE, ARN_NOT_EQUALS, ARN_NOT_LIKE -> arnMatches(policy, request);
            case BOOL -> isBoolean(policy) && policy.equalsIgnoreCase(request);
            case NUMERIC_EQUALS, NUMERIC_NOT_EQUALS -> compareNumbers(request, policy).map(c -> c == 0).orElse(false);
            case NUMERIC_LESS_THAN -> compareNumbers(request, policy).map(c -> c < 0).orElse(false);
            case NUMERIC_LESS_THAN_EQUALS -> compareNumbers(request, policy).map(c -> c <= 0).orElse(false);
            case NUMERIC_GREATER_THAN -> compareNumbers(request, policy).map(c -> c > 0).orElse(false);
            case NUMERIC_GREATER_THAN_EQUALS -> compareNumbers(request, policy).map(c -> c >= 0).orElse(false);
            case DATE_EQUALS, DATE_NOT_EQUALS -> compareDates(request, policy).map(c -> c == 0).orElse(false);
            case DATE_LESS_THAN -> compareDates(request, policy).map(c -> c < 0).orElse(false);
            case DATE_LESS_THAN_EQUALS -> compareDates(request, policy).map(c -> c <= 0).orElse(false);
            case DATE_GREATER_THAN -> compareDates(request, policy).map(c -> c > 0).orElse(false);
            case DATE_GREATER_THAN_EQUALS -> compareDates(request, policy).map(c -> c >= 0).orElse(false);
            case IP_ADDRESS, NOT_IP_ADDRESS -> ipMatches(policy, request);
            case NULL -> throw new IllegalArgumentException("Null is not a value comparison");
        };
    }

    static boolean isBoolean(String value) {
        return value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false");
    }

    /** ARN operators compare each of the six colon-separated fields separately, with wildcards. */
    static boolean arnMatches(String pattern, String arn) {
        String[] p = pattern.split(":", 6);
        String[] a = arn.split(":", 6);
        if (p.length != 6 || a.length != 6) {
            return Glob.matches(pattern, arn, false);
        }
        for (int i = 0; i < 6; i++) {
            if (!Glob.matches(p[i], a[i], false)) {
                return false;
            }
        }
        return true;
    }

    static Optional<BigDecimal> number(String text) {
        try {
            return Optional.of(new BigDecimal(text.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Integer> compareNumbers(String request, String policy) {
        Optional<BigDecimal> r = number(request);
        Optional<BigDecimal> p = number(policy);
        return r.isPresent() && p.isPresent() ? Optional.of(r.get().compareTo(p.get())) : Optional.empty();
    }

    /** IAM dates: ISO 8601 (date, date-time, with or without offset) or epoch seconds. */
    static Optional<Instant> date(String text) {
        String s = text.strip();
        Optional<BigDecimal> epoch = number(s);
        if (epoch.isPresent()) {
            try {
                return Optional.of(Instant.ofEpochSecond(epoch.get().longValueExact()));
            } catch (ArithmeticException | java.time.DateTimeException e) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(OffsetDateTime.parse(s).toInstant());
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return Optional.of(LocalDateTime.parse(s).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return Optional.of(LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Integer> compareDates(String request, String policy) {
        Optional<Instant> r = date(request);
        Optional<Instant> p = date(policy);
        return r.isPresent() && p.isPresent() ? Optional.of(r.get().compareTo(p.get())) : Optional.empty();
    }

    /** A CIDR block (or single address) and whether {@code address} lies inside it. */
    static boolean ipMatches(String cidr, String address) {
        Optional<Cidr> block = Cidr.parse(cidr);
        Optional<byte[]> ip = ip(address);
        return block.isPresent() && ip.isPresent() && block.get().contains(ip.get());
    }

    /** Parses an IP literal without ever resolving a host name. */
    static Optional<byte[]> ip(String text) {
        String s = text.strip();
        if (!IPV4.matcher(s).matches() && !IPV6.matcher(s).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(s).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** An address block. */
    record Cidr(byte[] network, int prefix) {
        static Optional<Cidr> parse(String text) {
            String s = text.strip();
            int slash = s.indexOf('/');
            Optional<byte[]> address = ip(slash < 0 ? s : s.substring(0, slash));
            if (address.isEmpty()) {
                return Optional.empty();
            }
            int bits = address.get().length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(s.substring(slash + 1));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
                if (prefix < 0 || prefix > bits) {
                    return Optional.empty();
                }
            }
            return Optional.of(new Cidr(address.get(), prefix));
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            BigInteger mask = mask();
            return new BigInteger(1, address).and(mask).equals(new BigInteger(1, network).and(mask));
        }

        BigInteger mask() {
            int bits = network.length * 8;
            return BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                    .xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
        }

        BigInteger first() {
            return new BigInteger(1, network).and(mask());
        }

        BigInteger last() {
            int bits = network.length * 8;
            return first().or(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
        }
    }
}
