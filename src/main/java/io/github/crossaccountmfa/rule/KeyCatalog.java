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
    /** Up to this many aws:PrincipalOrgPaths patterns are also combined pairwise into one path. */
    private static final int MAX_CROSSED_PATH_PATTERNS = 16;
    /** An organization id the policy does not mention, in IAM's format. */
    static final String FRESH_ORGANIZATION = "o-zzzzzzzzzz";
    static final String FRESH_IPV4 = "198.51.100.77";
    static final String FRESH_IPV6 = "2001:db8::77";

    private final Map<String, List<Condition>> conditionsByKey = new HashMap<>();
    private final Map<String, List<RequestValue>> candidates = new HashMap<>();
    private final Map<String, List<Alternative>> alternatives = new HashMap<>();
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

    /** Every value the policy compares {@code key} with. */
    List<String> literals(ConditionKey key) {
        return literals(key.normalized());
    }

    /** Every value the policy compares {@code normalizedKey} with. */
    List<String> literals(String normalizedKey) {
        List<String> values = new ArrayList<>();
        for (Condition condition : conditionsByKey.getOrDefault(normalizedKey, List.of())) {
            values.addAll(condition.values());
        }
        return values;
    }

    /** The request values to try for a key the caller controls (in the given scenario), on its own. */
    List<RequestValue> candidates(String normalizedKey, Scenario scenario) {
        String cacheKey = scenario == Scenario.MFA ? normalizedKey + "#mfa" : normalizedKey;
        return candidates.computeIfAbsent(cacheKey, k -> build(normalizedKey));
    }

    /**
     * The ways the caller can choose {@code normalizedKey} together with the keys it is tied to: one alternative per
     * consistent choice, each giving every tied key the values it may take independently of the others. The
     * caller's organization ties {@code aws:PrincipalOrgID} to {@code aws:PrincipalOrgPaths} (paths begin with the
     * caller's own org id; an account is in at most one organization); the network path ties the request-path keys
     * ({@code aws:SourceIp} over the internet, the Vpc keys through a VPC endpoint). Other keys stand alone.
     */
    List<Alternative> alternatives(String normalizedKey, Scenario scenario) {
        KeyKind kind = KeyKind.of(normalizedKey);
        String group = switch (kind) {
            case PRINCIPAL_ORG_ID, PRINCIPAL_ORG_PATHS -> "#organization";
            case REQUEST_PATH -> "#request-path";
            default -> scenario == Scenario.MFA ? normalizedKey + "#mfa" : normalizedKey;
        };
        return alternatives.computeIfAbsent(group, g -> switch (kind) {
            case PRINCIPAL_ORG_ID, PRINCIPAL_ORG_PATHS -> organizations();
            case REQUEST_PATH -> requestPaths();
            default -> List.of(new Alternative(Map.of(normalizedKey, candidates(normalizedKey, scenario))));
        });
    }

    /** One consistent choice of a group of tied keys: for each key, the values it may take in that choice. */
    record Alternative(Map<String, List<RequestValue>> values) {
        /** Two tied keys, checked in this order. */
        static Alternative of(String first, List<RequestValue> firstValues, String second,
                              List<RequestValue> secondValues) {
            Map<String, List<RequestValue>> values = new java.util.LinkedHashMap<>();
            values.put(first, firstValues);
            values.put(second, secondValues);
            return new Alternative(java.util.Collections.unmodifiableMap(values));
        }
    }

    /** Not in an organization (both keys absent), or in one organization with one path inside it. */
    private List<Alternative> organizations() {
        String idKey = ConditionKey.PRINCIPAL_ORG_ID.normalized();
        String pathKey = ConditionKey.PRINCIPAL_ORG_PATHS.normalized();
        ConditionKey.Format idFormat = ConditionKey.PRINCIPAL_ORG_ID.format();
        ConditionKey.Format pathFormat = ConditionKey.PRINCIPAL_ORG_PATHS.format();
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        LinkedHashSet<String> tails = new LinkedHashSet<>(List.of("r-zzzz/", "r-zzzz/ou-zzzz-zzzzzzzz/"));
        for (Condition condition : conditionsByKey.getOrDefault(idKey, List.of())) {
            for (String value : condition.values()) {
                ids.addAll(variants(condition.operator(), value));
                ids.add(padded(value, FRESH_ORGANIZATION.length()));
            }
        }
        List<String> pathLiterals = new ArrayList<>();
        for (Condition condition : conditionsByKey.getOrDefault(pathKey, List.of())) {
            pathLiterals.addAll(condition.values());
        }
        // One path may have to match several patterns at once: each pattern's wildcards are also filled with the
        // others' fixed text (bounded, as the tails multiply).
        List<String> crossFillers = new ArrayList<>();
        if (pathLiterals.size() > 1 && pathLiterals.size() <= MAX_CROSSED_PATH_PATTERNS) {
            for (String literal : pathLiterals) {
                String rest = literal.startsWith("*") ? literal.substring(1) : literal.contains("/")
                        ? literal.substring(literal.indexOf('/')) : "";
                crossFillers.add((rest.startsWith("/") ? rest.substring(1) : rest).replace("*", ""));
            }
        }
        for (Condition condition : conditionsByKey.getOrDefault(pathKey, List.of())) {
            for (String value : condition.values()) {
                for (String path : List.of(value, value.toLowerCase(Locale.ROOT))) {
                    String first = path.split("/", 2)[0];
                    ids.addAll(variants(condition.operator(), first));
                    ids.add(padded(first, FRESH_ORGANIZATION.length()));
                    tails.addAll(pathTails(path, pathFormat, crossFillers));
                }
            }
        }
        ids.add(FRESH_ORGANIZATION);
        List<Alternative> result = new ArrayList<>();
        result.add(Alternative.of(idKey, List.of(RequestValue.ABSENT), pathKey, List.of(RequestValue.ABSENT)));
        List<String> tailList = List.copyOf(tails);
        for (String id : ids) {
            if (!idFormat.admits(id) || trustedOrganizations.contains(id)) {
                continue;
            }
            // the org id is checked first and the paths built only for ids that pass: ids x tails can be large
            List<RequestValue> paths = new java.util.AbstractList<>() {
                @Override
                public RequestValue get(int index) {
                    return RequestValue.of(List.of(id + "/" + tailList.get(index)));
                }

                @Override
                public int size() {
                    return tailList.size();
                }
            };
            result.add(Alternative.of(idKey, List.of(RequestValue.of(id)), pathKey, paths));
        }
        return List.copyOf(result);
    }

    /** What may follow {@code o-…/} in a path that a pattern such as {@code o-a…/*} or {@code *}{@code /ou-…/*} matches. */
    private static List<String> pathTails(String pattern, ConditionKey.Format format, List<String> crossFillers) {
        List<String> out = new ArrayList<>();
        String prefix = FRESH_ORGANIZATION + "/";
        String rest = pattern.contains("/") ? pattern.substring(pattern.indexOf('/') + 1) : "";
        List<String> fillers = new ArrayList<>(List.of("", "zzzz", "zzzzzzzz", "r-zzzz/", "r-zzzz/ou-zzzz-zzzzzzzz/"));
        fillers.addAll(crossFillers);
        for (String filler : fillers) {
            addTail(prefix + rest.replace("*", filler).replace('?', 'z'), format, out);
        }
        for (String filler : List.of(FRESH_ORGANIZATION + "/r-zzzz", FRESH_ORGANIZATION + "/r-zzzz/")) {
            int star = pattern.indexOf('*');
            if (star >= 0) {
                String filled = pattern.substring(0, star) + filler + pattern.substring(star + 1);
                addTail(filled.replace("*", "").replace('?', 'z'), format, out);
            }
        }
        return out;
    }

    private static void addTail(String path, ConditionKey.Format format, List<String> out) {
        if (format.admits(path) && path.startsWith(FRESH_ORGANIZATION + "/")) {
            out.add(path.substring(FRESH_ORGANIZATION.length() + 1));
        }
    }

    /** A pattern's instantiation padded with {@code z} to {@code length} characters (org ids have a minimum length). */
    static String padded(String pattern, int length) {
        int star = pattern.indexOf('*');
        if (star < 0) {
            return pattern.replace('?', 'z');
        }
        int fixed = pattern.replace("*", "").length();
        String fill = "z".repeat(Math.max(0, length - fixed));
        return (pattern.substring(0, star) + fill + pattern.substring(star + 1)).replace("*", "").replace('?', 'z');
    }

    /**
     * Over the internet ({@code aws:SourceIp} present, the Vpc keys absent) or through a VPC endpoint (the reverse):
     * each request-path key is present exactly on its path, with any value there.
     */
    private List<Alternative> requestPaths() {
        List<Alternative> result = new ArrayList<>();
        for (ConditionKey.Presence path : List.of(ConditionKey.Presence.PUBLIC_ENDPOINT,
                ConditionKey.Presence.VPC_ENDPOINT)) {
            Map<String, List<RequestValue>> values = new HashMap<>();
            for (ConditionKey key : ConditionKey.values()) {
                if (key.kind() != KeyKind.REQUEST_PATH) {
                    continue;
                }
                values.put(key.normalized(), key.presence() == path
                        ? build(key.normalized()).stream().filter(RequestValue::present).toList()
                        : List.of(RequestValue.ABSENT));
            }
            result.add(new Alternative(Map.copyOf(values)));
        }
        return List.copyOf(result);
    }

    private List<RequestValue> build(String key) {
        KeyKind kind = KeyKind.of(key);
        ConditionKey.Format format = ConditionKey.formatOf(key);
        List<Condition> conditions = conditionsByKey.getOrDefault(key, List.of());
        LinkedHashSet<String> singles = new LinkedHashSet<>();
        for (Condition condition : conditions) {
            for (String value : condition.values()) {
                singles.addAll(variants(condition.operator(), value));
            }
        }
        singles.add(FRESH);
        if (format == ConditionKey.Format.IP) {
            singles.add(FRESH_IPV4);
            singles.add(FRESH_IPV6);
        }
        singles.removeIf(v -> !format.admits(v));
        boolean canBeAbsent = ConditionKey.presenceOf(key) != ConditionKey.Presence.ALWAYS;
        switch (kind) {
            case MFA_AGE -> {
                singles.add("0");
                singles.removeIf(v -> ConditionEvaluator.number(v).map(n -> n.signum() < 0).orElse(true));
                canBeAbsent = false;
            }
            case TIME -> {
                singles.removeIf(v -> ConditionEvaluator.date(v).map(d -> d.isBefore(now)).orElse(true));
                boolean epoch = format == ConditionKey.Format.EPOCH_SECONDS;
                singles.add(epoch ? Long.toString(now.getEpochSecond()) : now.toString());
                Instant later = now.plus(36500, ChronoUnit.DAYS);
                singles.add(epoch ? Long.toString(later.getEpochSecond()) : later.toString());
                canBeAbsent = false;
            }
            default -> {
                // every value is possible
            }
        }
        boolean multi = ConditionKey.multiValued(key)
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
                out.add(FRESH_IPV4);
                out.add(FRESH_IPV6);
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
