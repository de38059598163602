package io.github.crossaccountmfa.rule;

import io.github.crossaccountmfa.policy.Condition;
import io.github.crossaccountmfa.policy.Glob;
import io.github.crossaccountmfa.policy.Operator;
import io.github.crossaccountmfa.policy.SetQualifier;
import io.github.crossaccountmfa.policy.Statement;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The condition keys of one policy and, for keys the caller chooses, the finite set of request values worth trying.
 * Candidates cover every region the policy's literals can distinguish: each literal, its wildcard instantiations,
 * case variants, numeric/date neighbours, addresses inside and outside each CIDR block, a fresh value and absence.
 */
final class KeyCatalog {
    static final String FRESH = "zz-unmentioned-value";

    private final Map<String, List<Condition>> conditionsByKey = new HashMap<>();
    private final Map<String, List<RequestValue>> candidates = new HashMap<>();
    private final Set<String> trustedOrganizations;
    private final Instant now;

    KeyCatalog(List<Statement> statements, Set<String> trustedOrganizations, Instant now) {
        this.trustedOrganizations = trustedOrganizations;
        this.now = now;
        for (Statement statement : statements) {
            for (Condition condition : statement.conditions()) {
                conditionsByKey.computeIfAbsent(condition.normalizedKey(), k -> new ArrayList<>()).add(condition);
            }
        }
    }

    /** Every value the policy compares {@code normalizedKey} with. */
    List<String> literals(String normalizedKey) {
        List<String> values = new ArrayList<>();
        for (Condition condition : conditionsByKey.getOrDefault(normalizedKey, List.of())) {
            values.addAll(condition.values());
        }
        return values;
    }

    /** The request values to try for a key the caller controls (in the given scenario). */
    List<RequestValue> candidates(String normalizedKey, Scenario scenario) {
        String cacheKey = scenario == Scenario.MFA ? normalizedKey + "#mfa" : normalizedKey;
        return candidates.computeIfAbsent(cacheKey, k -> build(normalizedKey));
    }

    private List<RequestValue> build(String key) {
        KeyKind kind = KeyKind.of(key);
        List<Condition> conditions = conditionsByKey.getOrDefault(key, List.of());
        LinkedHashSet<String> singles = new LinkedHashSet<>();
        for (Condition condition : conditions) {
            for (String value : condition.values()) {
                singles.addAll(variants(condition.operator(), value));
            }
        }
        singles.add(FRESH);
        boolean canBeAbsent = !KeyKind.ALWAYS_PRESENT.contains(key);
        switch (kind) {
            case MFA_AGE -> {
                singles.add("0");
                singles.removeIf(v -> ConditionEvaluator.number(v).map(n -> n.signum() < 0).orElse(true));
                canBeAbsent = false;
            }
            case PRINCIPAL_ORG_ID -> singles.removeIf(v -> trustedOrganizations.contains(v));
            case PRINCIPAL_ORG_PATHS -> singles.removeIf(v -> trustedOrganizations.contains(v.split("/", 2)[0]));
            case TIME -> {
                singles.removeIf(v -> ConditionEvaluator.date(v).map(d -> d.isBefore(now)).orElse(true));
                boolean epoch = key.equals("aws:epochtime");
                singles.add(epoch ? Long.toString(now.getEpochSecond()) : now.toString());
                Instant later = now.plus(36500, ChronoUnit.DAYS);
                singles.add(epoch ? Long.toString(later.getEpochSecond()) : later.toString());
                canBeAbsent = false;
            }
            default -> {
                // every value is possible
            }
        }
        boolean multi = KeyKind.MULTI_VALUED.contains(key)
                || conditions.stream().anyMatch(c -> c.qualifier() != SetQualifier.NONE);
        List<RequestValue> result = new ArrayList<>();
        if (canBeAbsent) {
            result.add(RequestValue.ABSENT);
        }
        for (String value : singles) {
            result.add(RequestValue.of(value));
        }
        if (multi) {
            result.add(RequestValue.EMPTY_SET);
            result.add(RequestValue.of(List.copyOf(singles)));
            List<String> literalsOnly = new ArrayList<>(singles);
            literalsOnly.remove(FRESH);
            if (!literalsOnly.isEmpty()) {
                result.add(RequestValue.of(literalsOnly));
            }
        }
        return List.copyOf(result);
    }

    /** Values near {@code literal} that an operator of this type can tell apart. */
    static List<String> variants(Operator op, String literal) {
        List<String> out = new ArrayList<>();
        switch (op.type()) {
            case NUMERIC -> {
                out.add(literal);
                Optional<BigDecimal> n = ConditionEvaluator.number(literal);
                n.ifPresent(v -> {
                    out.add(v.subtract(BigDecimal.ONE).toPlainString());
                    out.add(v.add(BigDecimal.ONE).toPlainString());
                });
            }
            case DATE -> {
                out.add(literal);
                ConditionEvaluator.date(literal).ifPresent(d -> {
                    out.add(d.toString());
                    out.add(d.minusSeconds(1).toString());
                    out.add(d.plusSeconds(1).toString());
                });
            }
            case BOOL -> {
                out.add("true");
                out.add("false");
            }
            case IP -> {
                out.add(literal);
                ConditionEvaluator.Cidr.parse(literal).ifPresent(c -> {
                    int bytes = c.network().length;
                    out.add(address(c.first(), bytes));
                    BigInteger below = c.first().subtract(BigInteger.ONE);
                    BigInteger above = c.last().add(BigInteger.ONE);
                    if (below.signum() >= 0) {
                        out.add(address(below, bytes));
                    }
                    if (above.bitLength() <= bytes * 8) {
                        out.add(address(above, bytes));
                    }
                });
                out.add("198.51.100.77");
                out.add("2001:db8::77");
            }
            case NULL -> {
                // only presence matters
            }
            default -> {
                out.add(literal);
                if (Glob.hasWildcard(literal)) {
                    out.add(literal.replace("*", "").replace('?', 'a'));
                    out.add(literal.replace("*", "zz").replace('?', 'z'));
                }
                out.add(literal.toLowerCase(Locale.ROOT));
                out.add(literal.toUpperCase(Locale.ROOT));
            }
        }
        return out;
    }

    private static String address(BigInteger value, int bytes) {
        byte[] raw = value.toByteArray();
        byte[] exact = new byte[bytes];
        int copy = Math.min(raw.length, bytes);
        System.arraycopy(raw, raw.length - copy, exact, bytes - copy, copy);
        try {
            return InetAddress.getByAddress(exact).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Replaces IAM wildcards with concrete text, two ways, so a pattern yields values it matches. */
    static List<String> instantiations(String pattern) {
        if (!Glob.hasWildcard(pattern)) {
            return List.of(pattern);
        }
        return List.of(pattern.replace("*", "").replace('?', 'a'), pattern.replace("*", "zz").replace('?', 'z'));
    }
}
