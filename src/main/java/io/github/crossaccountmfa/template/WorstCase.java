package io.github.crossaccountmfa.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.crossaccountmfa.policy.PolicyParseException;
import io.github.crossaccountmfa.policy.TrustPolicy;
import io.github.crossaccountmfa.rule.Compliance;
import io.github.crossaccountmfa.rule.Evaluation;
import io.github.crossaccountmfa.rule.Finding;
import io.github.crossaccountmfa.rule.RoleContext;
import io.github.crossaccountmfa.rule.VerdictEngine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The verdict for a trust policy in which the template leaves values open: the worst verdict over the values they
 * could take. Each open value gets a type from where the policy uses it (an account in a principal, an organization
 * in {@code aws:PrincipalOrgID}, a caller-supplied string in {@code sts:ExternalId}, a boolean in {@code Bool}, …)
 * and a bounded set of representative values of that type: a fresh value outside the trusted accounts and
 * organizations, every literal of that type the policy mentions (so a principal that a condition narrows to a named
 * account is tried with that account), and the template's {@code AllowedValues} when it gives them. Every
 * combination, for every choice of {@code Fn::If} branches, is evaluated by the engine and the worst verdict wins;
 * the result says what it assumed. Only where no value can be substituted (the whole policy, a statement or a
 * condition block is open) is there no verdict.
 */
final class WorstCase {
    /** Engine evaluations one role may take; past it, the role has no verdict and the message says why. */
    static final int MAX_EVALUATIONS = 4096;
    private static final int MAX_CANDIDATES = 24;
    private static final int MAX_LITERALS = 8;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern ORGANIZATION_ID = Pattern.compile("o-[a-z0-9]{10,32}");

    private final VerdictEngine engine;
    private final RoleContext context;

    WorstCase(VerdictEngine engine, RoleContext context) {
        this.engine = engine;
        this.context = context;
    }

    /** How a value is used, most constrained first: a value used in several ways takes the first. */
    private enum Kind {
        ACCOUNT, ORGANIZATION, PARTITION, PRINCIPAL, WHOLE_PRINCIPAL, ARN, ORGANIZATION_PATH, BOOLEAN, EFFECT, ACTION, ACTION_PART,
        VERSION, NUMBER, DATE, CIDR, NAME, EXTERNAL_ID, CALLER, STRING, NEUTRAL
    }

    private record Occurrence(int index, Kind kind, String key, String path) {
    }

    /**
     * A value to try; {@code fresh} is the part made up for it, shown as the open value's placeholder (the whole
     * value too, when {@code whole}: a made-up principal is shown as the placeholder alone).
     */
    private record Candidate(String value, Optional<String> fresh, boolean whole, Optional<Integer> sameAs) {
        Candidate(String value, Optional<String> fresh) {
            this(value, fresh, false, Optional.empty());
        }

        Candidate(String value, Optional<String> fresh, boolean whole) {
            this(value, fresh, whole, Optional.empty());
        }

        static Candidate literal(String value) {
            return new Candidate(value, Optional.empty());
        }

        static Candidate madeUp(String value, String fresh) {
            return new Candidate(value, Optional.of(fresh), true);
        }
    }

    /** One open value that can change the verdict, with the values to try. */
    private record Slot(int index, Kind kind, List<Candidate> candidates) {
    }

    /** A variant ready to evaluate, or why it cannot be. */
    private sealed interface Plan {
    }

    private record Ready(PolicySource.Variant variant, String json, List<Slot> slots, List<Occurrence> occurrences)
            implements Plan {
        long cases() {
            long cases = 1;
            for (Slot slot : slots) {
                cases *= slot.candidates().size();
            }
            return cases;
        }
    }

    private record Failed(Outcome outcome) implements Plan {
    }

    /** What one variant gave: its outcome and the rank of its verdict (4 when it has none). */
    private record Result(PolicySource.Variant variant, Outcome outcome, int rank) {
    }

    Outcome evaluate(PolicySource.Document source) {
        OpenValues open = source.open();
        List<Plan> plans = source.variants().stream().map(v -> plan(v, open)).toList();
        long cases = 0;
        for (Plan plan : plans) {
            if (plan instanceof Failed failed) {
                return failed.outcome();
            }
            cases += ((Ready) plan).cases();
        }
        if (cases > MAX_EVALUATIONS) {
            Set<String> references = new LinkedHashSet<>();
            plans.forEach(p -> ((Ready) p).slots().forEach(s -> references.add(open.get(s.index()).reference())));
            return new Outcome.Unresolved("the open values (" + String.join(", ", references) + ")"
                    + (source.variants().size() > 1 ? " and the Fn::If conditions" : "") + " give " + cases
                    + " cases, more than " + MAX_EVALUATIONS + " to evaluate: bind some with --parameter-overrides");
        }
        List<Result> results = new ArrayList<>();
        for (Plan plan : plans) {
            Result result = run((Ready) plan, open);
            if (!(result.outcome() instanceof Outcome.Evaluated)) {
                return result.outcome();
            }
            results.add(result);
        }
        Result worst = results.stream().max(Comparator.comparingInt(Result::rank)).orElseThrow();
        Outcome.Evaluated evaluated = (Outcome.Evaluated) worst.outcome();
        List<Assumption> assumptions = new ArrayList<>(worst.variant().notes());
        assumptions.addAll(evaluated.assumptions());
        assumptions.addAll(branchAssumptions(worst, results, source.conditionLabel()));
        return new Outcome.Evaluated(evaluated.evaluation(), List.copyOf(new LinkedHashSet<>(assumptions)));
    }

    private static List<Assumption> branchAssumptions(Result worst, List<Result> results, String label) {
        List<Assumption> assumptions = new ArrayList<>();
        for (String condition : new TreeSet<>(worst.variant().branches().keySet())) {
            boolean chosen = worst.variant().branches().get(condition);
            int other = results.stream().filter(r -> r.variant().branches().get(condition) != chosen)
                    .mapToInt(Result::rank).max().orElse(worst.rank());
            assumptions.add(new Assumption(label + condition, other == worst.rank()
                    ? "true or false: the same verdict" : chosen + " (the worse branch)"));
        }
        return assumptions;
    }

    // ---- planning -------------------------------------------------------------------------------------------

    private Plan plan(PolicySource.Variant variant, OpenValues open) {
        JsonNode document = variant.document();
        String when = when(variant);
        if (document.isMissingNode()) {
            return new Failed(new Outcome.Invalid(CloudFormationRoles.TRUST_POLICY + " is AWS::NoValue" + when
                    + ": IAM requires a trust policy for every role"));
        }
        if (document.isTextual()) {
            String text = document.textValue().strip();
            if (!OpenValues.hasToken(text)) {
                return new Ready(variant, text, List.of(), List.of());
            }
            List<OpenValues.Segment> segments = OpenValues.segments(text);
            if (segments.size() == 1 && segments.getFirst() instanceof OpenValues.Open whole) {
                return new Failed(unresolved(open.get(whole.index()), "the trust policy", when));
            }
            try {
                document = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                OpenValue first = open.get(OpenValues.indexes(text).getFirst());
                return new Failed(new Outcome.Unresolved("unresolved reference to " + first.reference()
                        + " in the trust policy, JSON text that is complete only at deployment" + when));
            }
        }
        Set<Integer> wholePrincipals = new HashSet<>();
        document = wholePrincipals(document, wholePrincipals);
        Slots slots = new Slots(wholePrincipals);
        slots.policy(document);
        if (slots.structural.isPresent()) {
            Occurrence at = slots.structural.get();
            return new Failed(unresolved(open.get(at.index()), at.path(), when));
        }
        Facts facts = Facts.of(document, trustedAccounts(), engine.parameters().trustedOrganizationIds());
        Map<Integer, Occurrence> decisive = new LinkedHashMap<>();
        for (Occurrence occurrence : slots.found) {
            if (occurrence.kind() != Kind.NEUTRAL) {
                decisive.merge(occurrence.index(), occurrence,
                        (a, b) -> b.kind().ordinal() < a.kind().ordinal() ? b : a);
            }
        }
        String json;
        try {
            json = JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
        // Values that cannot change the verdict (a Sid, a service principal) are shown as their placeholder.
        json = OpenValues.render(json, index -> decisive.containsKey(index)
                ? OpenValues.START + Integer.toString(index) + OpenValues.END : escape(open.get(index).placeholder()));
        List<Slot> slotList = new ArrayList<>();
        int ordinal = 0;
        for (Occurrence occurrence : decisive.values()) {
            slotList.add(new Slot(occurrence.index(), occurrence.kind(),
                    candidates(occurrence, open.get(occurrence.index()), facts, ordinal++)));
        }
        return new Ready(variant, json, coinciding(slotList, open), List.copyOf(slots.found));
    }

    /**
     * A {@code Principal} (or {@code NotPrincipal}) that is wholly one open value is {@code "*"} or an object of
     * principals; for the verdict only AWS principals matter, so it is read as {@code {"AWS": value}}, whose
     * candidates are {@code "*"} and the principals of other accounts. The indexes of such values are collected.
     */
    private static JsonNode wholePrincipals(JsonNode document, Set<Integer> indexes) {
        JsonNode statements = document.path("Statement");
        boolean any = false;
        for (JsonNode statement : statements.isArray() ? statements : List.of(statements)) {
            for (String element : List.of("Principal", "NotPrincipal")) {
                any |= Slots.isWholeToken(statement.path(element).asText(""));
            }
        }
        if (!any) {
            return document;
        }
        JsonNode copy = document.deepCopy();
        JsonNode copied = copy.path("Statement");
        for (JsonNode statement : copied.isArray() ? copied : List.of(copied)) {
            for (String element : List.of("Principal", "NotPrincipal")) {
                JsonNode value = statement.path(element);
                if (value.isTextual() && Slots.isWholeToken(value.textValue())) {
                    indexes.add(OpenValues.indexes(value.textValue()).getFirst());
                    ((com.fasterxml.jackson.databind.node.ObjectNode) statement).putObject(element)
                            .set("AWS", value);
                }
            }
        }
        return copy;
    }

    private enum Family { ACCOUNT, ORGANIZATION, TEXT, OTHER }

    private static Family family(Kind kind) {
        return switch (kind) {
            case ACCOUNT, PRINCIPAL, WHOLE_PRINCIPAL -> Family.ACCOUNT;
            case ORGANIZATION -> Family.ORGANIZATION;
            case EXTERNAL_ID, CALLER, STRING, NAME -> Family.TEXT;
            default -> Family.OTHER;
        };
    }

    /**
     * Two open values may turn out equal (the same account passed twice), and a policy can grant only then: each
     * value also tries the made-up value of every other open value of its family.
     */
    private static List<Slot> coinciding(List<Slot> slots, OpenValues open) {
        List<Slot> out = new ArrayList<>();
        for (Slot slot : slots) {
            List<Candidate> candidates = new ArrayList<>(slot.candidates());
            if (open.get(slot.index()).allowedValues().isEmpty()) {
                for (Slot other : slots) {
                    Candidate made = other.candidates().isEmpty() ? null : other.candidates().getFirst();
                    if (other != slot && family(other.kind()) == family(slot.kind()) && family(slot.kind()) != Family.OTHER
                            && made != null && made.fresh().isPresent()) {
                        candidates.add(new Candidate(made.fresh().get(), made.fresh(), true, Optional.of(other.index())));
                    }
                }
            }
            out.add(new Slot(slot.index(), slot.kind(), candidates));
        }
        return out;
    }

    private static Outcome.Unresolved unresolved(OpenValue value, String where, String when) {
        return new Outcome.Unresolved("unresolved reference to " + value.reference() + " in " + where + when
                + value.note().map(note -> " (" + note + ")").orElse(""));
    }

    private static String when(PolicySource.Variant variant) {
        if (variant.branches().isEmpty()) {
            return "";
        }
        List<String> parts = new TreeSet<>(variant.branches().keySet()).stream()
                .map(c -> c + " is " + variant.branches().get(c)).toList();
        return " (when " + String.join(" and ", parts) + ")";
    }

    private Set<String> trustedAccounts() {
        Set<String> trusted = new HashSet<>(engine.parameters().trustedAccountIds());
        context.accountId().ifPresent(trusted::add);
        trusted.add(Intrinsics.OWN_ACCOUNT_PLACEHOLDER);
        return trusted;
    }

    private static String escape(String text) {
        try {
            String quoted = JSON.writeValueAsString(text);
            return quoted.substring(1, quoted.length() - 1);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- where open values are used ---------------------------------------------------------------------------

    /** Finds every open value in a policy and how it is used. */
    private static final class Slots {
        private final List<Occurrence> found = new ArrayList<>();
        private final Set<Integer> wholePrincipals;
        private Optional<Occurrence> structural = Optional.empty();

        Slots(Set<Integer> wholePrincipals) {
            this.wholePrincipals = wholePrincipals;
        }

        void policy(JsonNode root) {
            if (!root.isObject()) {
                strings(root, "", Kind.STRING);
                return;
            }
            for (Map.Entry<String, JsonNode> e : root.properties()) {
                keyCheck(e.getKey(), e.getKey());
                switch (e.getKey()) {
                    case "Statement" -> statements(e.getValue());
                    case "Version" -> strings(e.getValue(), "Version", Kind.VERSION);
                    default -> strings(e.getValue(), e.getKey(), Kind.STRING);
                }
            }
        }

        private void statements(JsonNode node) {
            if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    statement(node.get(i), "Statement[" + i + "]");
                }
            } else {
                statement(node, "Statement");
            }
        }

        private void statement(JsonNode statement, String path) {
            if (!statement.isObject()) {
                structuralIfOpen(statement, path);
                return;
            }
            boolean onlyServices = onlyServicesAndProviders(statement);
            for (Map.Entry<String, JsonNode> e : statement.properties()) {
                String at = path + "." + e.getKey();
                keyCheck(e.getKey(), at);
                JsonNode value = e.getValue();
                switch (e.getKey()) {
                    case "Principal", "NotPrincipal" -> principal(value, at, onlyServices);
                    case "Condition" -> conditions(value, at, onlyServices);
                    case "Sid", "Resource", "NotResource" -> strings(value, at, Kind.NEUTRAL);
                    case "Effect" -> strings(value, at, Kind.EFFECT);
                    case "Action", "NotAction" -> actions(value, at);
                    default -> strings(value, at, Kind.STRING);
                }
            }
        }

        /**
         * A statement whose principals are only AWS services and identity providers gives no third party anything
         * and denies none, so nothing in it can change the verdict.
         */
        private static boolean onlyServicesAndProviders(JsonNode statement) {
            JsonNode principal = statement.path("Principal");
            if (!principal.isObject() || principal.isEmpty() || statement.has("NotPrincipal")) {
                return false;
            }
            for (String type : (Iterable<String>) principal::fieldNames) {
                if (!type.equals("Service") && !type.equals("Federated")) {
                    return false;
                }
            }
            return true;
        }

        private void principal(JsonNode node, String path, boolean onlyServices) {
            if (!node.isObject()) {
                structuralIfOpen(node, path);
                return;
            }
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String at = path + "." + e.getKey();
                keyCheck(e.getKey(), at);
                if (e.getKey().equals("AWS") && !onlyServices) {
                    eachString(e.getValue(), at, (text, where) -> principalText(text, where));
                } else {
                    strings(e.getValue(), at, Kind.NEUTRAL);
                }
            }
        }

        private void principalText(String text, String path) {
            if (isWholeToken(text)) {
                add(text, wholePrincipals.contains(OpenValues.indexes(text).getFirst()) ? Kind.WHOLE_PRINCIPAL
                        : Kind.PRINCIPAL, "", path);
            } else {
                arnFields(text, path, "");
            }
        }

        /** An ARN with open fields: an open account field is an account, an open resource part is a name. */
        private void arnFields(String text, String path, String key) {
            String[] fields = text.split(":", 6);
            if (fields.length != 6 || !fields[0].equals("arn")) {
                add(text, Kind.STRING, key, path);
                return;
            }
            for (int i = 0; i < fields.length; i++) {
                boolean whole = isWholeToken(fields[i]);
                Kind kind = i == 4 && whole ? Kind.ACCOUNT : i == 1 && whole ? Kind.PARTITION
                        : i == 5 ? Kind.NAME : Kind.STRING;
                add(fields[i], kind, key, path);
            }
        }

        private void actions(JsonNode node, String path) {
            eachString(node, path, (text, where) -> add(text, isWholeToken(text) ? Kind.ACTION : Kind.ACTION_PART,
                    "", where));
        }

        private void conditions(JsonNode node, String path, boolean onlyServices) {
            if (!node.isObject()) {
                structuralIfOpen(node, path);
                return;
            }
            for (Map.Entry<String, JsonNode> op : node.properties()) {
                String opPath = path + "." + op.getKey();
                keyCheck(op.getKey(), opPath);
                if (!op.getValue().isObject()) {
                    structuralIfOpen(op.getValue(), opPath);
                    continue;
                }
                for (Map.Entry<String, JsonNode> key : op.getValue().properties()) {
                    String keyPath = opPath + "." + key.getKey();
                    keyCheck(key.getKey(), keyPath);
                    String normalized = key.getKey().toLowerCase(Locale.ROOT);
                    eachString(key.getValue(), keyPath, (text, where) -> {
                        if (onlyServices) {
                            add(text, Kind.NEUTRAL, normalized, where);
                        } else {
                            conditionValue(op.getKey(), normalized, text, where);
                        }
                    });
                }
            }
        }

        private void conditionValue(String operator, String key, String text, String path) {
            String base = operator.toLowerCase(Locale.ROOT).replaceFirst("^for(any|all)values?:", "")
                    .replaceFirst("ifexists$", "");
            boolean whole = isWholeToken(text);
            Kind kind;
            if (base.equals("null") || base.equals("bool")) {
                kind = whole ? Kind.BOOLEAN : Kind.STRING;
            } else if (base.startsWith("numeric")) {
                kind = whole ? Kind.NUMBER : Kind.STRING;
            } else if (base.startsWith("date")) {
                kind = whole ? Kind.DATE : Kind.STRING;
            } else if (base.endsWith("ipaddress")) {
                kind = whole ? Kind.CIDR : Kind.STRING;
            } else if (base.startsWith("binary")) {
                kind = Kind.STRING;
            } else {
                switch (ConditionValueTypes.of(key)) {
                    case ACCOUNT -> kind = whole ? Kind.ACCOUNT : Kind.STRING;
                    case ARN -> {
                        if (!whole) {
                            arnFields(text, path, key);
                            return;
                        }
                        kind = Kind.ARN;
                    }
                    case ORGANIZATION -> kind = whole ? Kind.ORGANIZATION : Kind.STRING;
                    case ORGANIZATION_PATH -> {
                        if (!whole && isWholeToken(text.split("/", 2)[0])) {
                            add(text.split("/", 2)[0], Kind.ORGANIZATION, key, path);
                            add(text.split("/", 2).length > 1 ? text.split("/", 2)[1] : "", Kind.STRING, key, path);
                            return;
                        }
                        kind = whole ? Kind.ORGANIZATION_PATH : Kind.STRING;
                    }
                    case EXTERNAL_ID -> kind = Kind.EXTERNAL_ID;
                    case CALLER_SUPPLIED -> kind = Kind.CALLER;
                    default -> kind = Kind.STRING;
                }
            }
            add(text, kind, key, path);
        }

        private interface StringVisitor {
            void visit(String text, String path);
        }

        /** Each string of a string-or-list element; an open value where an object stands is structural. */
        private void eachString(JsonNode node, String path, StringVisitor visitor) {
            if (node.isTextual()) {
                visitor.visit(node.textValue(), path);
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    JsonNode element = node.get(i);
                    if (element.isTextual()) {
                        visitor.visit(element.textValue(), path + "[" + i + "]");
                    } else {
                        structuralIfOpen(element, path + "[" + i + "]");
                    }
                }
            } else {
                structuralIfOpen(node, path);
            }
        }

        private void strings(JsonNode node, String path, Kind kind) {
            if (node.isTextual()) {
                add(node.textValue(), kind, "", path);
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    strings(node.get(i), path + "[" + i + "]", kind);
                }
            } else if (node.isObject()) {
                node.properties().forEach(e -> {
                    keyCheck(e.getKey(), path + "." + e.getKey());
                    strings(e.getValue(), path + "." + e.getKey(), kind);
                });
            }
        }

        private void add(String text, Kind kind, String key, String path) {
            for (int index : OpenValues.indexes(text)) {
                found.add(new Occurrence(index, kind, key, path));
            }
        }

        private void keyCheck(String key, String path) {
            if (OpenValues.hasToken(key) && structural.isEmpty()) {
                structural = Optional.of(new Occurrence(OpenValues.indexes(key).getFirst(), Kind.STRING, "", path));
            }
        }

        private void structuralIfOpen(JsonNode node, String path) {
            if (structural.isEmpty() && node.isTextual() && OpenValues.hasToken(node.textValue())) {
                structural = Optional.of(new Occurrence(OpenValues.indexes(node.textValue()).getFirst(),
                        Kind.STRING, "", path));
            } else if (!node.isTextual()) {
                strings(node, path, Kind.STRING);
            }
        }

        private static boolean isWholeToken(String text) {
            List<OpenValues.Segment> segments = OpenValues.segments(text);
            return segments.size() == 1 && segments.getFirst() instanceof OpenValues.Open;
        }
    }

    // ---- the values to try ------------------------------------------------------------------------------------

    /** The literals of a policy that candidate values are drawn from. */
    private record Facts(Set<String> accounts, Set<String> organizations, Set<String> principalArns,
                         Set<String> names, Map<String, Set<String>> literalsByKey, Set<String> excludedAccounts) {

        static Facts of(JsonNode policy, Set<String> trustedAccounts, Set<String> trustedOrganizations) {
            Facts facts = new Facts(new LinkedHashSet<>(), new LinkedHashSet<>(), new LinkedHashSet<>(),
                    new LinkedHashSet<>(), new LinkedHashMap<>(), trustedAccounts);
            JsonNode statements = policy.path("Statement");
            for (JsonNode statement : statements.isArray() ? statements : List.of(statements)) {
                for (String principal : List.of("Principal", "NotPrincipal")) {
                    JsonNode aws = statement.path(principal).path("AWS");
                    for (JsonNode value : aws.isArray() ? aws : List.of(aws)) {
                        if (value.isTextual()) {
                            facts.principal(value.textValue());
                        }
                    }
                }
                statement.path("Condition").forEach(op -> op.properties().forEach(e -> {
                    String key = e.getKey().toLowerCase(Locale.ROOT);
                    JsonNode values = e.getValue();
                    for (JsonNode value : values.isArray() ? values : List.of(values)) {
                        if (value.isValueNode() && !OpenValues.hasToken(value.asText())) {
                            facts.conditionLiteral(key, value.asText());
                        }
                    }
                }));
            }
            facts.accounts().removeAll(trustedAccounts);
            facts.organizations().removeAll(trustedOrganizations);
            return facts;
        }

        private void principal(String text) {
            if (OpenValues.hasToken(text)) {
                return;
            }
            if (ACCOUNT_ID.matcher(text).matches()) {
                accounts.add(text);
                return;
            }
            arn(text);
        }

        private void arn(String text) {
            String[] fields = text.split(":", 6);
            if (fields.length != 6 || !fields[0].equals("arn")) {
                return;
            }
            accountMatching(fields[4]).ifPresent(accounts::add);
            for (String resource : instantiations(fields[5])) {
                if (resource.matches("(role|user)/.+")) {
                    names.add(resource.substring(resource.lastIndexOf('/') + 1));
                    accountMatching(fields[4]).ifPresent(account -> principalArns.add(
                            String.join(":", fields[0], fields[1], fields[2], fields[3], account, resource)));
                }
            }
        }

        private void conditionLiteral(String key, String value) {
            literalsByKey.computeIfAbsent(key, k -> new LinkedHashSet<>()).addAll(instantiations(value));
            switch (ConditionValueTypes.of(key)) {
                case ACCOUNT -> accountMatching(value).ifPresent(accounts::add);
                case ARN -> arn(value);
                case ORGANIZATION -> {
                    if (ORGANIZATION_ID.matcher(value).matches()) {
                        organizations.add(value);
                    }
                }
                case ORGANIZATION_PATH -> {
                    String first = value.split("/", 2)[0];
                    if (ORGANIZATION_ID.matcher(first).matches()) {
                        organizations.add(first);
                    }
                }
                default -> {
                    // only literals of the key itself
                }
            }
        }

        /** A 12-digit account that an account field or pattern ({@code 2222*}, {@code *}) matches. */
        private static Optional<String> accountMatching(String pattern) {
            if (ACCOUNT_ID.matcher(pattern).matches()) {
                return Optional.of(pattern);
            }
            int fixed = pattern.replace("*", "").length();
            if (!pattern.contains("*") || fixed == 0 || fixed > 12) {
                return Optional.empty();
            }
            String padded = pattern.replaceFirst("\\*", "0".repeat(12 - fixed)).replace("*", "").replace('?', '0');
            return ACCOUNT_ID.matcher(padded).matches() ? Optional.of(padded) : Optional.empty();
        }
    }

    /** A literal and, for a pattern, text it matches (with the wildcards left out, and filled in). */
    private static List<String> instantiations(String value) {
        if (!value.contains("*") && !value.contains("?")) {
            return List.of(value);
        }
        return List.of(value, value.replace("*", "").replace('?', 'a'), value.replace("*", "zz").replace('?', 'z'));
    }

    private List<Candidate> candidates(Occurrence use, OpenValue value, Facts facts, int ordinal) {
        if (!value.allowedValues().isEmpty()) {
            return value.allowedValues().stream().limit(MAX_CANDIDATES * 2L).map(Candidate::literal).toList();
        }
        List<Candidate> all = byKind(use, facts, ordinal);
        Optional<Pattern> pattern = value.allowedPattern().flatMap(WorstCase::compile);
        if (pattern.isPresent()) {
            List<Candidate> matching = all.stream().filter(c -> pattern.get().matcher(c.value()).matches()).toList();
            if (!matching.isEmpty()) {
                all = matching;
            }
        }
        return all.stream().distinct().limit(MAX_CANDIDATES).toList();
    }

    private static Optional<Pattern> compile(String regex) {
        try {
            return Optional.of(Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            return Optional.empty();
        }
    }

    private List<Candidate> byKind(Occurrence use, Facts facts, int ordinal) {
        String partition = context.partition();
        String fresh = "zz-open-" + (ordinal + 1) + "-zz";
        String account = freshAccount(facts, ordinal);
        List<Candidate> out = new ArrayList<>();
        switch (use.kind()) {
            case ACCOUNT -> {
                out.add(new Candidate(account, Optional.of(account)));
                limited(facts.accounts()).forEach(a -> out.add(Candidate.literal(a)));
            }
            case PRINCIPAL, WHOLE_PRINCIPAL -> {
                if (use.kind() == Kind.WHOLE_PRINCIPAL) {
                    out.add(Candidate.literal("*"));
                }
                out.add(Candidate.madeUp(account, account));
                out.add(Candidate.madeUp(root(partition, account), account));
                out.add(Candidate.madeUp(role(partition, account, fresh), account));
                for (String a : limited(facts.accounts())) {
                    out.add(Candidate.literal(a));
                    out.add(Candidate.literal(root(partition, a)));
                    out.add(Candidate.madeUp(role(partition, a, fresh), fresh));
                }
                limited(facts.principalArns()).forEach(arn -> out.add(Candidate.literal(arn)));
            }
            case ARN -> {
                out.add(Candidate.madeUp(role(partition, account, fresh), account));
                out.add(Candidate.madeUp(root(partition, account), account));
                limited(facts.accounts()).forEach(a -> out.add(Candidate.madeUp(role(partition, a, fresh), fresh)));
                limited(facts.principalArns()).forEach(arn -> out.add(Candidate.literal(arn)));
                keyLiterals(facts, use).forEach(v -> out.add(Candidate.literal(v)));
            }
            case ORGANIZATION -> {
                String organization = freshOrganization(facts, ordinal);
                out.add(new Candidate(organization, Optional.of(organization)));
                limited(facts.organizations()).forEach(o -> out.add(Candidate.literal(o)));
            }
            case ORGANIZATION_PATH -> {
                String organization = freshOrganization(facts, ordinal);
                String path = organization + "/r-zz" + ordinal + "/ou-zz" + ordinal + "-zzopen/";
                out.add(new Candidate(path, Optional.of(path)));
                limited(facts.organizations()).forEach(o -> out.add(Candidate.literal(o + "/r-zz/ou-zz-zzopen/")));
                keyLiterals(facts, use).forEach(v -> out.add(Candidate.literal(v)));
            }
            case PARTITION -> out.add(Candidate.literal(partition));
            case BOOLEAN -> List.of("true", "false").forEach(v -> out.add(Candidate.literal(v)));
            case EFFECT -> List.of("Allow", "Deny").forEach(v -> out.add(Candidate.literal(v)));
            case ACTION -> List.of("sts:AssumeRole", "sts:TagSession", "*").forEach(v -> out.add(Candidate.literal(v)));
            case ACTION_PART -> {
                out.add(Candidate.literal("*"));
                out.add(new Candidate(fresh, Optional.of(fresh)));
            }
            case VERSION -> out.add(Candidate.literal("2012-10-17"));
            case NUMBER -> {
                List.of("0", "1", "3600", "999999999").forEach(v -> out.add(Candidate.literal(v)));
                for (String literal : keyLiterals(facts, use)) {
                    out.add(Candidate.literal(literal));
                    if (literal.matches("\\d{1,15}")) {
                        out.add(Candidate.literal(Long.toString(Long.parseLong(literal) + 1)));
                        out.add(Candidate.literal(Long.toString(Math.max(0, Long.parseLong(literal) - 1))));
                    }
                }
            }
            case DATE -> {
                List.of("1970-01-01T00:00:00Z", "2999-12-31T23:59:59Z").forEach(v -> out.add(Candidate.literal(v)));
                keyLiterals(facts, use).forEach(v -> out.add(Candidate.literal(v)));
            }
            case CIDR -> {
                List.of("0.0.0.0/0", "::/0", "203.0.113.0/24").forEach(v -> out.add(Candidate.literal(v)));
                keyLiterals(facts, use).forEach(v -> out.add(Candidate.literal(v)));
            }
            case NAME -> {
                out.add(new Candidate(fresh, Optional.of(fresh)));
                limited(facts.names()).forEach(n -> out.add(Candidate.literal(n)));
            }
            case EXTERNAL_ID, CALLER, STRING, NEUTRAL -> {
                out.add(new Candidate(fresh, Optional.of(fresh)));
                keyLiterals(facts, use).forEach(v -> out.add(Candidate.literal(v)));
            }
        }
        return out;
    }

    private static List<String> keyLiterals(Facts facts, Occurrence use) {
        return facts.literalsByKey().getOrDefault(use.key(), Set.of()).stream().limit(MAX_LITERALS * 2L).toList();
    }

    private static List<String> limited(Set<String> values) {
        return values.stream().limit(MAX_LITERALS).toList();
    }

    private static String root(String partition, String account) {
        return "arn:" + partition + ":iam::" + account + ":root";
    }

    private static String role(String partition, String account, String name) {
        return "arn:" + partition + ":iam::" + account + ":role/" + name;
    }

    /** An account outside the trusted accounts that the policy does not name. */
    private static String freshAccount(Facts facts, int ordinal) {
        long candidate = 999_999_990_001L + ordinal;
        while (facts.accounts().contains(Long.toString(candidate))
                || facts.excludedAccounts().contains(Long.toString(candidate))) {
            candidate += 100;
        }
        return Long.toString(candidate);
    }

    private static String freshOrganization(Facts facts, int ordinal) {
        String candidate = "o-zzopen" + String.format("%04d", ordinal + 1);
        return facts.organizations().contains(candidate) ? candidate + "z" : candidate;
    }

    // ---- evaluation -----------------------------------------------------------------------------------------

    private Result run(Ready plan, OpenValues open) {
        List<Slot> slots = plan.slots();
        int[] choice = new int[slots.size()];
        int[][] worstPerCandidate = new int[slots.size()][];
        for (int i = 0; i < slots.size(); i++) {
            worstPerCandidate[i] = new int[slots.get(i).candidates().size()];
        }
        Evaluation worst = null;
        int[] worstChoice = null;
        int worstRank = 0;
        Optional<PolicyParseException> firstError = Optional.empty();
        boolean more = true;
        while (more) {
            String json = OpenValues.render(plan.json(), index -> escape(candidateFor(slots, choice, index).value()));
            try {
                Evaluation evaluation = evaluate(TrustPolicy.parse(json), plan.variant().ownAccountPlaceholder());
                Optional<String> failure = evaluation.findings().stream().filter(f -> f.kind().failedClosed())
                        .map(Finding::message).findFirst();
                if (failure.isPresent()) {
                    // The engine could not evaluate this policy: an error of the role, as for any input of the CLI.
                    return new Result(plan.variant(), new Outcome.Invalid(failure.get() + when(plan.variant())), 4);
                }
                int rank = rank(evaluation.compliance());
                for (int i = 0; i < slots.size(); i++) {
                    worstPerCandidate[i][choice[i]] = Math.max(worstPerCandidate[i][choice[i]], rank);
                }
                if (worst == null || rank > worstRank) {
                    worst = evaluation;
                    worstRank = rank;
                    worstChoice = choice.clone();
                }
            } catch (PolicyParseException e) {
                // A made-up value the policy cannot hold here (an ARN where an account id goes) proves nothing.
                firstError = firstError.or(() -> Optional.of(e));
            }
            more = next(choice, slots);
        }
        if (worst == null) {
            // Every case failed to parse: the template's own text is at fault, or an open value where IAM needs
            // something no value of it can give.
            PolicyParseException error = firstError.orElseThrow();
            String when = when(plan.variant());
            Optional<Occurrence> at = plan.occurrences().stream()
                    .filter(o -> within(error.path(), o.path()) || within(o.path(), error.path())).findFirst();
            return new Result(plan.variant(), at.isEmpty()
                    ? new Outcome.Invalid("not a valid trust policy: " + positioned(plan, error) + when)
                    : unresolved(open.get(at.get().index()), at.get().path(), when), 4);
        }
        return new Result(plan.variant(), new Outcome.Evaluated(display(worst, slots, worstChoice, open),
                assumptions(slots, worstChoice, worstPerCandidate, worstRank, open)), worstRank);
    }

    /**
     * The error with its line and column where they point into text the template holds (a policy written as a JSON
     * string); without them where they would point into the policy as resolved here.
     */
    private static String positioned(Ready plan, PolicyParseException error) {
        return plan.variant().document().isTextual() && plan.occurrences().isEmpty() ? error.getMessage()
                : error.withoutPosition();
    }

    private static boolean within(String path, String prefix) {
        return prefix.isEmpty() || path.equals(prefix) || path.startsWith(prefix + ".") || path.startsWith(prefix + "[");
    }

    private static Candidate candidateFor(List<Slot> slots, int[] choice, int index) {
        for (int i = 0; i < slots.size(); i++) {
            if (slots.get(i).index() == index) {
                return slots.get(i).candidates().get(choice[i]);
            }
        }
        throw new IllegalStateException("open value " + index + " has no slot");
    }

    private static boolean next(int[] choice, List<Slot> slots) {
        for (int i = 0; i < choice.length; i++) {
            if (++choice[i] < slots.get(i).candidates().size()) {
                return true;
            }
            choice[i] = 0;
        }
        return false;
    }

    private Evaluation evaluate(TrustPolicy policy, boolean ownAccountPlaceholder) {
        if (!ownAccountPlaceholder) {
            return engine.evaluate(policy, context);
        }
        RoleContext own = new RoleContext(Optional.of(Intrinsics.OWN_ACCOUNT_PLACEHOLDER), context.partition());
        Evaluation evaluation = engine.evaluate(policy, own);
        List<Finding> findings = new ArrayList<>(evaluation.findings());
        findings.add(new Finding(Finding.Kind.ACCOUNT_UNKNOWN, Optional.empty(), Optional.empty(), "", "",
                "The role's account is not known (no --account or --role-arn, or a StackSet's target accounts): "
                        + "AWS::AccountId was read as the role's own account (" + Intrinsics.OWN_ACCOUNT_PLACEHOLDER
                        + ") and every other account the policy names as a third party"));
        return new Evaluation(evaluation.compliance(), evaluation.annotation(), findings);
    }

    static int rank(Compliance compliance) {
        return switch (compliance) {
            case NOT_APPLICABLE -> 1;
            case COMPLIANT -> 2;
            case NON_COMPLIANT -> 3;
        };
    }

    /** The evaluation with each made-up value shown as the placeholder of the open value it stands for. */
    private static Evaluation display(Evaluation evaluation, List<Slot> slots, int[] choice, OpenValues open) {
        Map<String, String> replacements = new LinkedHashMap<>();
        for (int i = 0; i < slots.size(); i++) {
            Candidate candidate = slots.get(i).candidates().get(choice[i]);
            if (candidate.fresh().isPresent()) {
                String placeholder = open.get(candidate.sameAs().orElse(slots.get(i).index())).placeholder();
                replacements.put(candidate.value(), candidate.whole() ? placeholder
                        : candidate.value().replace(candidate.fresh().get(), placeholder));
                replacements.putIfAbsent(candidate.fresh().get(), placeholder);
            }
        }
        if (replacements.isEmpty()) {
            return evaluation;
        }
        List<Finding> findings = evaluation.findings().stream()
                .map(f -> f.rewritten(text -> replace(text, replacements))).toList();
        return new Evaluation(evaluation.compliance(), truncate(replace(evaluation.annotation(), replacements)),
                findings);
    }

    private static String replace(String text, Map<String, String> replacements) {
        String out = text;
        for (Map.Entry<String, String> e : replacements.entrySet()) {
            out = out.replace(e.getKey(), e.getValue());
        }
        return out;
    }

    static String truncate(String text) {
        return text.length() <= Evaluation.MAX_ANNOTATION ? text
                : text.substring(0, Evaluation.MAX_ANNOTATION - 1) + "…";
    }

    private List<Assumption> assumptions(List<Slot> slots, int[] choice, int[][] worstPerCandidate, int worstRank,
                                         OpenValues open) {
        List<Assumption> assumptions = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            Slot slot = slots.get(i);
            OpenValue value = open.get(slot.index());
            Candidate chosen = slot.candidates().get(choice[i]);
            boolean varies = false;
            for (int rank : worstPerCandidate[i]) {
                varies |= rank != 0 && rank != worstRank;
            }
            StringBuilder assumed = new StringBuilder(domain(slot.kind(), value));
            boolean finite = !value.allowedValues().isEmpty() || slot.kind() == Kind.BOOLEAN
                    || slot.kind() == Kind.EFFECT || slot.kind() == Kind.ACTION
                    || slot.kind() == Kind.WHOLE_PRINCIPAL && chosen.value().equals("*");
            if (varies && chosen.sameAs().isPresent()) {
                assumed.append("; worst case the same value as ").append(open.get(chosen.sameAs().get()).reference());
            } else if (varies && (finite || chosen.fresh().isEmpty())) {
                assumed.append("; worst case ").append(chosen.value())
                        .append(finite ? "" : ", which the policy names");
            }
            value.note().ifPresent(note -> assumed.append(" (").append(note).append(')'));
            assumptions.add(new Assumption(value.reference(), assumed.toString()));
        }
        return assumptions;
    }

    private String domain(Kind kind, OpenValue value) {
        if (!value.allowedValues().isEmpty()) {
            List<String> shown = value.allowedValues().stream().limit(5).toList();
            int more = value.allowedValues().size() - shown.size();
            return "one of " + String.join(", ", shown) + (more > 0 ? ", +" + more + " more" : "");
        }
        return switch (kind) {
            case ACCOUNT -> "any account outside the trusted accounts";
            case PRINCIPAL -> "any principal of an account outside the trusted accounts";
            case WHOLE_PRINCIPAL -> "any principal: \"*\" or of an account outside the trusted accounts";
            case ARN -> "any ARN outside the trusted accounts";
            case ORGANIZATION -> "any organization not in TrustedOrganizationIds";
            case ORGANIZATION_PATH -> "any path in an organization not in TrustedOrganizationIds";
            case PARTITION -> context.partition();
            case BOOLEAN -> "true or false";
            case EFFECT -> "Allow or Deny";
            case ACTION -> "any action";
            case VERSION -> "2012-10-17";
            case NUMBER -> "any number";
            case DATE -> "any date";
            case CIDR -> "any address range";
            case NAME -> "any name";
            case EXTERNAL_ID -> engine.parameters().acceptExternalId()
                    ? "any exact value: the caller supplies it" : "any value: the caller supplies it";
            case CALLER -> "any value: the caller supplies it";
            case ACTION_PART, STRING, NEUTRAL -> "any value";
        };
    }
}
