package io.github.crossaccountmfa.rule;

import io.github.crossaccountmfa.policy.Condition;
import io.github.crossaccountmfa.policy.Effect;
import io.github.crossaccountmfa.policy.Operator;
import io.github.crossaccountmfa.policy.Principal;
import io.github.crossaccountmfa.policy.SetQualifier;
import io.github.crossaccountmfa.policy.Statement;
import io.github.crossaccountmfa.policy.TrustPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One evaluation of one policy: IAM's evaluation logic run for every candidate third-party caller, in the two
 * no-MFA request shapes and in an MFA request. Explicit Deny wins; conditions on keys the caller controls are
 * resolved by a small search over candidate values, so one request must satisfy an Allow and dodge every Deny.
 */
final class Analysis {
    static final String ASSUME_ROLE = "sts:AssumeRole";
    /** Bounds the search on adversarial policies; past it the caller is given the benefit of the doubt. */
    private static final int SEARCH_BUDGET = 200_000;

    private final TrustPolicy policy;
    private final RoleContext role;
    private final RuleParameters parameters;
    private final KnownAccounts known;
    private final Set<String> trustedAccounts = new HashSet<>();
    private final List<Statement> allows = new ArrayList<>();
    private final List<Statement> denies = new ArrayList<>();
    private final KeyCatalog keys;
    private final PrincipalIndex allowIndex;
    private final PrincipalIndex denyIndex;
    private final Map<String, Finding> notes = new LinkedHashMap<>();
    private Map<Caller, List<String>> standIns = Map.of();
    /** Per account-blind aws:PrincipalArn condition, its outcome by caller name; absent for the others. */
    private final Map<Condition, Map<String, Boolean>> arnOutcomes = new IdentityHashMap<>();
    private int searchSteps;
    private boolean budgetExceeded;

    private enum Outcome { TRUE, FALSE, FREE, UNKNOWN }

    /**
     * A (statement, principal) pair that admits a third-party caller.
     *
     * @param principal the principal as the policy writes it ({@code ""} for a NotPrincipal statement)
     * @param display   how the annotation names it
     */
    private record Grant(Statement statement, int position, Access access, Scenario scenario) {
        /** Grants to the same subject by the same statement are one: the key says which. */
        String key() {
            boolean anyAccount = access.shape() != Access.Shape.NAMED && !access.singleAccount();
            return Analysis.key(statement, anyAccount ? ANY_ACCOUNT : Wording.subject(access));
        }
    }

    private static final String ANY_ACCOUNT = "\u0001any account";

    Analysis(TrustPolicy policy, RoleContext role, RuleParameters parameters, Instant now) {
        this(policy, role, parameters, now, KnownAccounts.none());
    }

    Analysis(TrustPolicy policy, RoleContext role, RuleParameters parameters, Instant now, KnownAccounts known) {
        this.known = known;
        this.policy = policy;
        this.role = role;
        this.parameters = parameters;
        role.accountId().ifPresent(trustedAccounts::add);
        trustedAccounts.addAll(parameters.trustedAccountIds());
        List<Statement> relevant = new ArrayList<>();
        for (Statement statement : policy.statements()) {
            if (statement.action().covers(ASSUME_ROLE)) {
                relevant.add(statement);
                (statement.effect() == Effect.ALLOW ? allows : denies).add(statement);
            }
        }
        this.keys = new KeyCatalog(relevant, parameters.trustedOrganizationIds(), now);
        this.allowIndex = new PrincipalIndex(allows);
        this.denyIndex = new PrincipalIndex(denies);
    }

    Evaluation run() {
        collectNotes();
        Callers.CallerSet set = callerSet();
        List<Caller> callers = set.callers();
        standIns = set.standIns();
        Map<String, Grant> offending = new LinkedHashMap<>();
        Map<String, Grant> byExternalId = new LinkedHashMap<>();
        // Only conditions on the MFA keys tell the three request shapes apart: without any, one shape decides.
        boolean mfaMatters = mfaMatters();
        Scenario[] withoutMfa = mfaMatters ? new Scenario[] {Scenario.KEYS_ABSENT, Scenario.PRESENT_FALSE}
                : new Scenario[] {Scenario.KEYS_ABSENT};
        for (Caller caller : callers) {
            for (Scenario scenario : withoutMfa) {
                for (Statement allow : allowIndex.candidates(caller)) {
                    boolean isProtected = parameters.acceptExternalId() && requiresExactExternalId(allow);
                    grant(isProtected ? byExternalId : offending, allow, caller, scenario, Access.Mfa.NOT_REQUIRED);
                }
            }
        }
        // who gets in with MFA too, so that reports list every outside caller, not only the offending ones; without
        // a condition on the MFA keys, a request with MFA is granted exactly what one without is
        Map<String, Grant> withMfa = new LinkedHashMap<>();
        for (Caller caller : mfaMatters ? callers : List.<Caller>of()) {
            for (Statement allow : allowIndex.candidates(caller)) {
                grant(withMfa, allow, caller, Scenario.MFA, Access.Mfa.REQUIRED);
            }
        }
        noteBudget();
        withMfa.keySet().removeAll(byExternalId.keySet());
        withMfa.keySet().removeAll(offending.keySet());
        if (!offending.isEmpty()) {
            return nonCompliant(sorted(offending), sorted(withMfa), sorted(byExternalId));
        }
        if (!withMfa.isEmpty() || !byExternalId.isEmpty()) {
            return compliant(sorted(withMfa), sorted(byExternalId));
        }
        return notApplicable();
    }

    private boolean mfaMatters() {
        for (Statement statement : relevantStatements()) {
            for (Condition condition : statement.conditions()) {
                KeyKind kind = KeyKind.of(condition.normalizedKey());
                if (kind == KeyKind.MFA_PRESENT || kind == KeyKind.MFA_AGE) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Records what {@code allow} grants {@code caller} in {@code scenario}. The search is skipped when every grant
     * it could add is already recorded: callers of one account then cost one search per statement, not one each.
     */
    private void grant(Map<String, Grant> grants, Statement allow, Caller caller, Scenario scenario,
                       Access.Mfa mfa) {
        if (!allowIndex.admits(allow, caller)) {
            return;
        }
        // the same caller in the accounts it stands for is granted alike (Callers.CallerSet), each under its own
        // principals: a grant any of them would add keeps the search
        List<Grant> possible = new ArrayList<>(grants(grants, allow, caller, scenario, mfa));
        for (String account : standIns.getOrDefault(caller, List.of())) {
            possible.addAll(grants(grants, allow, Callers.CallerSet.in(caller, account), scenario, mfa));
        }
        if (possible.stream().allMatch(g -> grants.containsKey(g.key()))) {
            return;
        }
        if (canGrant(caller, scenario, allow)) {
            possible.forEach(g -> put(grants, g));
        }
    }

    /**
     * Every (third-party caller, MFA state) pair the policy lets assume the role. Used to check that a rewritten
     * policy admits nothing the original did not; callers are derived from the policy the analysis was built for.
     */
    Set<Admission> admissions(List<Caller> callers) {
        Set<Admission> admitted = new LinkedHashSet<>();
        for (Caller caller : callers) {
            for (Scenario scenario : Scenario.values()) {
                for (Statement allow : allowIndex.candidates(caller)) {
                    if (allowIndex.admits(allow, caller) && canGrant(caller, scenario, allow)) {
                        admitted.add(new Admission(caller.principalArn() + (caller.session().isEmpty() ? ""
                                : " session " + caller.session()), scenario.name()));
                        break;
                    }
                }
            }
        }
        return admitted;
    }

    List<Caller> callers() {
        return callerSet().expanded();
    }

    private Callers.CallerSet callerSet() {
        return Callers.enumerate(relevantStatements(), trustedAccounts, role.partition(), keys, allowIndex, denyIndex);
    }

    private List<Statement> relevantStatements() {
        List<Statement> all = new ArrayList<>(allows);
        all.addAll(denies);
        return all;
    }

    // ---- the search ---------------------------------------------------------------------------------------

    /**
     * Whether some request by {@code caller} in {@code scenario} satisfies {@code allow} and escapes every Deny
     * that applies to the caller. Caller-controlled keys take one value for the whole request.
     */
    private boolean canGrant(Caller caller, Scenario scenario, Statement allow) {
        Constraints constraints = new Constraints(scenario);
        for (Condition condition : allow.conditions()) {
            switch (classify(condition, caller, scenario)) {
                case FALSE -> {
                    return false;
                }
                case FREE -> constraints.add(condition, true);
                default -> {
                    // TRUE, or UNKNOWN which is resolved in the caller's favour
                }
            }
        }
        if (!constraints.feasible()) {
            return false;
        }
        List<List<Condition>> denyChoices = new ArrayList<>();
        for (Statement deny : denyIndex.candidates(caller)) {
            if (!denyIndex.admits(deny, caller)) {
                continue;
            }
            List<Condition> escapable = new ArrayList<>();
            boolean escaped = false;
            for (Condition condition : deny.conditions()) {
                Outcome outcome = classify(condition, caller, scenario);
                if (outcome == Outcome.FALSE || outcome == Outcome.UNKNOWN) {
                    escaped = true;
                    break;
                }
                if (outcome == Outcome.FREE) {
                    escapable.add(condition);
                }
            }
            if (escaped) {
                continue;
            }
            if (escapable.isEmpty()) {
                return false;
            }
            denyChoices.add(escapable);
        }
        return escapeAll(denyChoices, 0, constraints);
    }

    /** Picks, for each applicable Deny, one condition the request makes false, keeping every key satisfiable. */
    private boolean escapeAll(List<List<Condition>> denyChoices, int next, Constraints constraints) {
        if (next == denyChoices.size()) {
            return true;
        }
        for (Condition condition : denyChoices.get(next)) {
            if (++searchSteps > SEARCH_BUDGET) {
                budgetExceeded = true;
                return true;
            }
            constraints.add(condition, false);
            if (constraints.feasible(condition.normalizedKey()) && escapeAll(denyChoices, next + 1, constraints)) {
                constraints.removeLast();
                return true;
            }
            constraints.removeLast();
        }
        return false;
    }

    /** What a condition is worth for this caller and scenario before any caller-controlled key is chosen. */
    private Outcome classify(Condition condition, Caller caller, Scenario scenario) {
        if (usesPolicyVariable(condition)) {
            return Outcome.UNKNOWN;
        }
        RequestValue fixed;
        switch (KeyKind.of(condition.normalizedKey())) {
            case MFA_PRESENT -> fixed = scenario.mfaPresent();
            case MFA_AGE -> {
                if (scenario == Scenario.MFA) {
                    return Outcome.FREE;
                }
                fixed = RequestValue.ABSENT;
            }
            case PRINCIPAL_ACCOUNT -> fixed = RequestValue.of(caller.account());
            case PRINCIPAL_ARN -> {
                return arnOutcome(condition, caller);
            }
            case PRINCIPAL_TYPE -> fixed = RequestValue.of(caller.principalType());
            case USERNAME -> fixed = caller.type() == Caller.Type.USER ? RequestValue.of(caller.name()) : RequestValue.ABSENT;
            case PRINCIPAL_IS_AWS_SERVICE -> fixed = RequestValue.of("false");
            case SERVICE_CONTEXT -> fixed = RequestValue.ABSENT;
            case RESOURCE_ACCOUNT -> {
                if (role.accountId().isEmpty()) {
                    return Outcome.FREE;
                }
                fixed = RequestValue.of(role.accountId().get());
            }
            default -> {
                return Outcome.FREE;
            }
        }
        return ConditionEvaluator.evaluate(condition, fixed) ? Outcome.TRUE : Outcome.FALSE;
    }

    /**
     * A condition on {@code aws:PrincipalArn}. When none of its values can tell accounts apart (all account-blind,
     * {@link Callers#accountBlind}), its outcome depends on the caller's {@code TYPE/PATH/NAME} only and is computed
     * once per name: the same names are tried in every account, and comparing each against every value again would
     * make the cost accounts x names x values.
     */
    private Outcome arnOutcome(Condition condition, Caller caller) {
        Map<String, Boolean> byName = arnOutcomes.computeIfAbsent(condition, c -> c.values().stream()
                .allMatch(v -> Callers.accountBlind(v, role.partition())) ? new HashMap<>() : null);
        RequestValue arn = RequestValue.of(caller.principalArn());
        if (byName == null || !caller.partition().equals(role.partition())) {
            return ConditionEvaluator.evaluate(condition, arn) ? Outcome.TRUE : Outcome.FALSE;
        }
        return byName.computeIfAbsent(caller.resource(), r -> ConditionEvaluator.evaluate(condition, arn))
                ? Outcome.TRUE : Outcome.FALSE;
    }

    /** Explains a wildcard narrowed to an organization the parameters do not trust. */
    private String organizationHint(Statement statement) {
        for (Condition condition : statement.conditions()) {
            if (ConditionKey.PRINCIPAL_ORG_ID.is(condition.normalizedKey()) && !condition.operator().negated()
                    && condition.values().stream().noneMatch(parameters.trustedOrganizationIds()::contains)) {
                return Wording.organizationHint(condition.values());
            }
        }
        return "";
    }

    private static boolean usesPolicyVariable(Condition condition) {
        for (String value : condition.values()) {
            if (value.contains("${")) {
                return true;
            }
        }
        return false;
    }

    /** The conditions chosen so far on caller-controlled keys, each wanted true or false. */
    private final class Constraints {
        private final Scenario scenario;
        private final List<Condition> conditions = new ArrayList<>();
        private final List<Boolean> wanted = new ArrayList<>();

        Constraints(Scenario scenario) {
            this.scenario = scenario;
        }

        void add(Condition condition, boolean value) {
            conditions.add(condition);
            wanted.add(value);
        }

        void removeLast() {
            conditions.remove(conditions.size() - 1);
            wanted.remove(wanted.size() - 1);
        }

        boolean feasible() {
            Set<String> seen = new HashSet<>();
            for (Condition condition : conditions) {
                if (seen.add(condition.normalizedKey()) && !feasible(condition.normalizedKey())) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Whether one consistent choice of {@code key} and the keys tied to it (one candidate value each) meets
         * every constraint on them.
         */
        boolean feasible(String key) {
            for (KeyCatalog.Alternative alternative : keys.alternatives(key, scenario)) {
                if (feasible(alternative)) {
                    return true;
                }
            }
            return false;
        }

        private boolean feasible(KeyCatalog.Alternative alternative) {
            for (Map.Entry<String, List<RequestValue>> entry : alternative.values().entrySet()) {
                if (!satisfiable(entry.getKey(), entry.getValue())) {
                    return false;
                }
            }
            return true;
        }

        private boolean satisfiable(String key, List<RequestValue> candidates) {
            for (RequestValue candidate : candidates) {
                if (satisfies(key, candidate)) {
                    return true;
                }
            }
            return false;
        }

        private boolean satisfies(String key, RequestValue candidate) {
            for (int i = 0; i < conditions.size(); i++) {
                Condition condition = conditions.get(i);
                if (condition.normalizedKey().equals(key)
                        && ConditionEvaluator.evaluate(condition, candidate) != wanted.get(i)) {
                    return false;
                }
            }
            return true;
        }
    }

    // ---- attribution ----------------------------------------------------------------------------------------

    /** The grants that {@code statement} makes when it lets {@code caller} in (one per designating principal). */
    private List<Grant> grants(Map<String, Grant> recorded, Statement statement, Caller caller, Scenario scenario,
                               Access.Mfa mfa) {
        boolean externalId = requiresExactExternalId(statement);
        if (statement.principal().negated()) {
            List<String> excluded = statement.principal().principals().stream().map(Principal::text).toList();
            return List.of(new Grant(statement, 0, access(statement, caller, "*", Access.Shape.EVERYONE_EXCEPT,
                    excluded, mfa, externalId), scenario));
        }
        List<Principal> principals = statement.principal().principals();
        List<Grant> out = new ArrayList<>();
        for (int i : allowIndex.matching(statement, caller)) {
            Principal principal = principals.get(i);
            if (principal instanceof Principal.Everyone) {
                if (recorded.containsKey(key(statement, ANY_ACCOUNT))) {
                    continue;
                }
                out.add(new Grant(statement, i, access(statement, caller, principal.text(), Access.Shape.EVERYONE,
                        List.of(), mfa, externalId), scenario));
            } else {
                out.add(new Grant(statement, i, access(statement, caller, principal.text(), Access.Shape.NAMED,
                        List.of(), mfa, externalId), scenario));
            }
        }
        return out;
    }

    /**
     * Who a grant lets in. A caller the policy does not name (the generic outsider) stands for every account: it
     * is public trust unless the statement narrows callers to an organization, which then stands as the account.
     */
    private Access access(Statement statement, Caller caller, String principal, Access.Shape shape,
                          List<String> excluded, Access.Mfa mfa, boolean externalId) {
        boolean anyAccount = shape != Access.Shape.NAMED && !caller.named();
        java.util.Optional<String> organization = anyAccount ? organization(statement) : java.util.Optional.empty();
        String account = anyAccount ? organization.orElse("*") : caller.account();
        return new Access(account, known.name(account), principal, shape, excluded, mfa, externalId,
                anyAccount && organization.isEmpty());
    }

    /** The organization a statement narrows its callers to ({@code aws:PrincipalOrgID} or the first org path). */
    private static java.util.Optional<String> organization(Statement statement) {
        for (Condition condition : statement.conditions()) {
            if (condition.operator().negated() || condition.values().isEmpty()) {
                continue;
            }
            String key = condition.normalizedKey();
            if (ConditionKey.PRINCIPAL_ORG_ID.is(key)) {
                return java.util.Optional.of(condition.values().get(0));
            }
            if (ConditionKey.PRINCIPAL_ORG_PATHS.is(key)) {
                String path = condition.values().get(0);
                return java.util.Optional.of(path.contains("/") ? path.substring(0, path.indexOf('/')) : path);
            }
        }
        return java.util.Optional.empty();
    }

    private static void put(Map<String, Grant> grants, Grant grant) {
        grants.putIfAbsent(grant.key(), grant);
    }

    private static String key(Statement statement, String principal) {
        return statement.index() + "\u0000" + principal;
    }

    private static List<Grant> sorted(Map<String, Grant> grants) {
        List<Grant> list = new ArrayList<>(grants.values());
        list.sort(Comparator.comparingInt((Grant g) -> g.statement().index()).thenComparingInt(Grant::position));
        return list;
    }

    // ---- verdicts -------------------------------------------------------------------------------------------

    private Evaluation nonCompliant(List<Grant> offending, List<Grant> withMfa, List<Grant> byExternalId) {
        List<Finding> findings = new ArrayList<>(publicFindings(offending, withMfa, byExternalId));
        List<String> items = new ArrayList<>();
        for (Grant grant : offending) {
            String action = grant.statement().action().describeGrant(ASSUME_ROLE);
            int number = grant.statement().index() + 1;
            items.add(Wording.noMfaItem(grant.access(), number, action));
            findings.add(Finding.grant(Finding.Kind.NO_MFA, grant.statement(), action,
                    Wording.noMfaMessage(grant.access(), grant.statement().label(), action,
                            grant.scenario().description(),
                            MfaHints.hint(grant.statement()) + organizationHint(grant.statement())),
                    grant.access()));
        }
        findings.addAll(mfaFindings(withMfa, byExternalId, new ArrayList<>()));
        findings.addAll(notes.values());
        return new Evaluation(Compliance.NON_COMPLIANT,
                Annotations.list(publicClause(findings) + Wording.NON_COMPLIANT_PREFIX, items, ""), findings);
    }

    private Evaluation compliant(List<Grant> withMfa, List<Grant> byExternalId) {
        List<Finding> findings = new ArrayList<>(publicFindings(List.of(), withMfa, byExternalId));
        List<String> items = new ArrayList<>();
        findings.addAll(mfaFindings(withMfa, byExternalId, items));
        findings.addAll(notes.values());
        String prefix = Wording.compliantPrefix(!withMfa.isEmpty(), !byExternalId.isEmpty());
        List<String> unique = List.copyOf(new LinkedHashSet<>(items));
        return new Evaluation(Compliance.COMPLIANT, Annotations.list(publicClause(findings) + prefix, unique, ""),
                findings);
    }

    /** MFA_REQUIRED and EXTERNAL_ID findings, with their annotation items added to {@code items}. */
    private static List<Finding> mfaFindings(List<Grant> withMfa, List<Grant> byExternalId, List<String> items) {
        List<Finding> findings = new ArrayList<>();
        for (Grant grant : withMfa) {
            items.add(Wording.mfaItem(grant.access(), grant.statement().index() + 1));
            findings.add(Finding.grant(Finding.Kind.MFA_REQUIRED, grant.statement(),
                    grant.statement().action().describeGrant(ASSUME_ROLE),
                    Wording.mfaMessage(grant.access(), grant.statement().label()), grant.access()));
        }
        for (Grant grant : byExternalId) {
            items.add(Wording.externalIdItem(grant.access(), grant.statement().index() + 1));
            findings.add(Finding.grant(Finding.Kind.EXTERNAL_ID, grant.statement(),
                    grant.statement().action().describeGrant(ASSUME_ROLE),
                    Wording.externalIdMessage(grant.access(), grant.statement().label()), grant.access()));
        }
        return findings;
    }

    /** One PUBLIC_TRUST finding per public statement, in statement order, most permissive MFA state first. */
    @SafeVarargs
    private static List<Finding> publicFindings(List<Grant>... grantLists) {
        Map<Integer, Grant> byStatement = new java.util.TreeMap<>();
        for (List<Grant> grants : grantLists) {
            for (Grant grant : grants) {
                if (grant.access().publicTrust()) {
                    byStatement.putIfAbsent(grant.statement().index(), grant);
                }
            }
        }
        List<Finding> findings = new ArrayList<>();
        for (Grant grant : byStatement.values()) {
            findings.add(Finding.grant(Finding.Kind.PUBLIC_TRUST, grant.statement(),
                    grant.statement().action().describeGrant(ASSUME_ROLE),
                    Wording.publicMessage(grant.statement().label(), grant.access().mfa()), grant.access()));
        }
        return findings;
    }

    private static String publicClause(List<Finding> findings) {
        return findings.stream().anyMatch(f -> f.kind() == Finding.Kind.PUBLIC_TRUST) ? Wording.PUBLIC_CLAUSE : "";
    }

    private Evaluation notApplicable() {
        List<String> trusts = new ArrayList<>();
        Set<String> services = new LinkedHashSet<>();
        Set<String> federated = new LinkedHashSet<>();
        boolean ownOrTrusted = false;
        boolean thirdPartyNamed = false;
        boolean deleted = false;
        for (Statement statement : policy.statements()) {
            if (statement.effect() != Effect.ALLOW) {
                continue;
            }
            boolean grantsAssumeRole = statement.action().covers(ASSUME_ROLE);
            if (statement.principal().negated()) {
                thirdPartyNamed |= grantsAssumeRole;
                continue;
            }
            for (Principal principal : statement.principal().principals()) {
                switch (principal) {
                    case Principal.Service s -> services.add(s.text());
                    case Principal.Federated f -> federated.add(f.text());
                    case Principal.DeletedPrincipal d -> deleted = true;
                    case Principal.Account a -> {
                        boolean own = trustedAccounts.contains(a.accountId());
                        ownOrTrusted |= own;
                        thirdPartyNamed |= !own && grantsAssumeRole;
                    }
                    case Principal.Identity i -> {
                        boolean own = trustedAccounts.contains(i.accountId());
                        ownOrTrusted |= own;
                        thirdPartyNamed |= !own && grantsAssumeRole;
                    }
                    case Principal.Everyone e -> thirdPartyNamed |= grantsAssumeRole;
                    case Principal.CanonicalUser c -> {
                        // cannot assume a role
                    }
                }
            }
        }
        if (ownOrTrusted) {
            trusts.add("own or trusted accounts");
        }
        if (!services.isEmpty()) {
            trusts.add("AWS services (" + String.join(", ", services) + ")");
        }
        if (deleted) {
            trusts.add("deleted principals");
        }
        boolean trustedOrganization = keys.literals(ConditionKey.PRINCIPAL_ORG_ID).stream()
                .anyMatch(parameters.trustedOrganizationIds()::contains);
        StringBuilder reason = new StringBuilder("No third-party AWS principal can assume this role");
        if (allows.isEmpty()) {
            reason.append(": no Allow statement grants sts:AssumeRole");
        } else if (thirdPartyNamed && trustedOrganization) {
            reason.append(": callers are restricted to trusted organizations (")
                    .append(ConditionKey.PRINCIPAL_ORG_ID.text()).append(")");
        } else if (thirdPartyNamed) {
            reason.append(": third-party principals are denied or excluded by conditions");
        } else if (!trusts.isEmpty()) {
            reason.append("; it trusts only ").append(String.join(", ", trusts));
        }
        if (!federated.isEmpty()) {
            reason.append("; federated principals (").append(String.join(", ", federated))
                    .append(") are out of scope: no MFA context");
        }
        return new Evaluation(Compliance.NOT_APPLICABLE, Annotations.truncate(reason.toString()),
                List.copyOf(notes.values()));
    }

    // ---- notes ------------------------------------------------------------------------------------------------

    private void collectNotes() {
        if (role.accountId().isEmpty()) {
            note(Finding.general(Finding.Kind.ACCOUNT_UNKNOWN, Wording.ACCOUNT_UNKNOWN));
        }
        for (Statement statement : policy.statements()) {
            notePrincipals(statement);
            if (statement.action().covers(ASSUME_ROLE)) {
                noteConditions(statement);
            }
        }
    }

    /** After the search: only then is it known whether the budget ran out. */
    private void noteBudget() {
        if (budgetExceeded) {
            note(Finding.general(Finding.Kind.UNCERTAIN_CONDITION, Wording.BUDGET));
        }
    }

    private void notePrincipals(Statement statement) {
        if (statement.principal().negated()) {
            note(Finding.about(Finding.Kind.NOT_PRINCIPAL, statement, "", "", Wording.notPrincipal(statement.label())));
        }
        for (Principal principal : statement.principal().principals()) {
            switch (principal) {
                case Principal.Federated f -> note(Finding.about(Finding.Kind.FEDERATED, statement, f.text(), "",
                        Wording.federated(f.text())));
                case Principal.DeletedPrincipal d -> note(Finding.about(Finding.Kind.DELETED_PRINCIPAL, statement,
                        d.text(), "", Wording.deleted(d.text())));
                case Principal.Identity i when i.type() == Principal.IdentityType.FEDERATED_USER ->
                        note(Finding.about(Finding.Kind.CANNOT_ASSUME, statement, i.text(), "",
                                Wording.federationSession(i.text())));
                case Principal.CanonicalUser c -> note(Finding.about(Finding.Kind.CANNOT_ASSUME, statement, c.text(),
                        "", Wording.canonicalUser(c.text())));
                default -> {
                    // nothing to say
                }
            }
        }
    }

    private void noteConditions(Statement statement) {
        for (Condition condition : statement.conditions()) {
            if (usesPolicyVariable(condition)) {
                note(Finding.about(Finding.Kind.UNCERTAIN_CONDITION, statement, "", "",
                        Wording.policyVariable(condition.toString())));
            } else if (!validValues(condition)) {
                note(Finding.about(Finding.Kind.INVALID_CONDITION, statement, "", "",
                        Wording.invalidCondition(condition.toString(), condition.operator().text())));
            }
        }
    }

    private static boolean validValues(Condition condition) {
        for (String value : condition.values()) {
            boolean ok = switch (condition.operator().type()) {
                case BOOL, NULL -> ConditionEvaluator.isBoolean(value);
                case NUMERIC -> ConditionEvaluator.number(value).isPresent();
                case DATE -> ConditionEvaluator.date(value).isPresent();
                case IP -> ConditionEvaluator.Cidr.parse(value).isPresent();
                default -> true;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private void note(Finding finding) {
        notes.putIfAbsent(finding.kind() + "|" + finding.statement() + "|" + finding.message(), finding);
    }

    /**
     * Whether an Allow requires an exact, wildcard-free, non-empty {@code sts:ExternalId}: the protection AWS
     * recommends for third-party (SaaS) access, honoured when {@code AcceptExternalId=true}.
     */
    static boolean requiresExactExternalId(Statement statement) {
        for (Condition condition : statement.conditions()) {
            boolean exactOperator = condition.operator() == Operator.STRING_EQUALS
                    || condition.operator() == Operator.STRING_EQUALS_IGNORE_CASE
                    || condition.operator() == Operator.STRING_LIKE;
            if (ConditionKey.EXTERNAL_ID.is(condition.normalizedKey()) && exactOperator && !condition.ifExists()
                    && condition.qualifier() != SetQualifier.FOR_ALL_VALUES
                    && condition.values().stream().allMatch(v -> !v.isEmpty() && !v.contains("*") && !v.contains("?")
                            && !v.contains("${"))) {
                return true;
            }
        }
        return false;
    }
}
