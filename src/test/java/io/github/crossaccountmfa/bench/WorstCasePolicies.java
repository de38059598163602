package io.github.crossaccountmfa.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Generated trust policies that push the verdict engine's costs: many principals, many Deny statements, many
 * condition values, many caller patterns. {@link #worstCases()} packs each shape up to IAM's 4 096-character quota
 * for a trust policy; {@link #principals} and {@link #statements} build documents of a given size (beyond the quota)
 * to measure how the time grows.
 */
public final class WorstCasePolicies {
    /** IAM's maximum size of a role trust policy. */
    public static final int IAM_LIMIT = 4096;

    /** A named document. */
    public record Shape(String name, String document) {
    }

    private WorstCasePolicies() {
    }

    /** Every worst-case shape, each as large as fits in {@link #IAM_LIMIT} characters. */
    public static List<Shape> worstCases() {
        return List.of(
                new Shape("manyPrincipals", fill(n -> document(allow(principals(n, 0), "")))),
                new Shape("manyIdentities", fill(n -> document(allow(identities(n), "")))),
                new Shape("manyDenies", fill(n -> document(join(allow("\"*\"", ""), denies(n))))),
                new Shape("conflictingDenies", fill(n -> document(join(allow("\"*\"", ""), conflictingDenies(n))))),
                new Shape("manyConditionValues", fill(n -> document(allow("\"*\"", conditionValues(n))))),
                new Shape("manyCallerPatterns", fill(n -> document(allow(principals(n / 4 + 1, 0),
                        callerPatterns(n))))),
                new Shape("deniedCallerPatterns", fill(n -> document(join(allow(principals(n / 4 + 1, 0),
                        callerPatterns(n)), denyPatterns(n))))),
                new Shape("accountsApartWithPatterns", fill(n -> document(join(statementsNamingAccounts(n / 6 + 1),
                        denyPatterns(n))))),
                new Shape("manyOrgPaths", fill(n -> document(allow("\"*\"", orgPaths(n))))),
                new Shape("manyStatements", fill(n -> document(statementsNamingAccounts(n)))));
    }

    /** One Allow naming {@code n} different accounts. */
    public static String principals(int n) {
        return document(allow(principals(n, 0), ""));
    }

    /** {@code n} Allow statements, each naming a different account. */
    public static String statements(int n) {
        return statements(n, 0);
    }

    /** {@code n} Allow statements naming the accounts {@code from} to {@code from + n - 1}. */
    public static String statements(int n, int from) {
        return document(statementsNamingAccounts(n, from));
    }

    /** The largest {@code n} whose document fits the quota. */
    private static String fill(IntFunction<String> shape) {
        int low = 1;
        int high = 1;
        while (shape.apply(high).length() <= IAM_LIMIT) {
            high *= 2;
        }
        while (high - low > 1) {
            int mid = (low + high) >>> 1;
            if (shape.apply(mid).length() <= IAM_LIMIT) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return shape.apply(low);
    }

    private static String document(String statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}";
    }

    private static String join(String first, String rest) {
        return rest.isEmpty() ? first : first + "," + rest;
    }

    private static String allow(String principal, String condition) {
        return "{\"Effect\":\"Allow\",\"Principal\":" + (principal.equals("\"*\"") ? "\"*\"" : "{\"AWS\":" + principal + "}")
                + ",\"Action\":\"sts:AssumeRole\"" + (condition.isEmpty() ? "" : ",\"Condition\":" + condition) + "}";
    }

    private static String account(int i) {
        return Long.toString(200_000_000_000L + i * 7919L);
    }

    private static String principals(int n, int offset) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("\"" + account(offset + i) + "\"");
        }
        return "[" + String.join(",", ids) + "]";
    }

    private static String identities(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("\"arn:aws:iam::" + account(i % 7) + ":" + (i % 2 == 0 ? "role/r" : "user/u") + i + "\"");
        }
        return "[" + String.join(",", ids) + "]";
    }

    /** Deny statements on different caller-chosen keys, each escapable on its own. */
    private static String denies(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\",\"Condition\":{"
                    + "\"StringNotEquals\":{\"aws:RequestTag/t" + i + "\":\"v" + i + "\"},"
                    + "\"NotIpAddress\":{\"aws:SourceIp\":\"10." + i % 256 + ".0.0/16\"}}}");
        }
        return String.join(",", out);
    }

    /**
     * Deny statements that pull two keys in different directions: escaping Deny i needs key a = i or key b = i, and
     * each key holds one value, so the search has to backtrack.
     */
    private static String conflictingDenies(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\",\"Condition\":{"
                    + "\"StringNotEquals\":{\"sts:ExternalId\":\"e" + i + "\",\"aws:RequestTag/a\":\"a" + i + "\"}}}");
        }
        return String.join(",", out);
    }

    private static String conditionValues(int n) {
        List<String> ips = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ips.add("\"10." + i / 256 + "." + i % 256 + ".0/24\"");
            ids.add("\"ext-" + i + "\"");
        }
        return "{\"IpAddress\":{\"aws:SourceIp\":[" + String.join(",", ips) + "]},"
                + "\"StringLike\":{\"sts:ExternalId\":[" + String.join(",", ids) + "]},"
                + "\"NumericLessThan\":{\"aws:MultiFactorAuthAge\":[" + String.join(",", ids.stream()
                        .map(v -> "\"" + v.length() + "\"").toList()) + "]}}";
    }

    private static String callerPatterns(int n) {
        List<String> patterns = new ArrayList<>();
        List<String> notLike = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            patterns.add("\"*:role/ci-" + i + "-*\"");
            notLike.add("\"*/deploy-" + i + "*\"");
        }
        return "{\"StringLike\":{\"aws:PrincipalArn\":[" + String.join(",", patterns) + "]},"
                + "\"StringNotLike\":{\"aws:PrincipalArn\":[" + String.join(",", notLike) + "]}}";
    }

    /**
     * Two Denies over the same patterns, one StringNotLike and one StringLike: every caller is denied, and a caller
     * that matches no pattern is only found out after every value has been compared.
     */
    private static String denyPatterns(int n) {
        List<String> patterns = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            patterns.add("\"*:role/x" + i + "-*\"");
        }
        String values = "[" + String.join(",", patterns) + "]";
        return "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\",\"Condition\":"
                + "{\"StringNotLike\":{\"aws:PrincipalArn\":" + values + "}}},"
                + "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\",\"Condition\":"
                + "{\"StringLike\":{\"aws:PrincipalArn\":" + values + "}}}";
    }

    private static String orgPaths(int n) {
        List<String> paths = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String org = String.format("o-%010d", i);
            paths.add("\"" + org + "/r-ab12/ou-ab12-" + String.format("%08d", i) + "/*\"");
            ids.add("\"" + String.format("o-%010d", i + 1) + "\"");
        }
        return "{\"ForAnyValue:StringLike\":{\"aws:PrincipalOrgPaths\":[" + String.join(",", paths) + "]},"
                + "\"StringNotEquals\":{\"aws:PrincipalOrgID\":[" + String.join(",", ids) + "]}}";
    }

    private static String statementsNamingAccounts(int n) {
        return statementsNamingAccounts(n, 0);
    }

    private static String statementsNamingAccounts(int n, int from) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            out.add(allow("\"" + account(i) + "\"", ""));
        }
        return String.join(",", out);
    }
}
