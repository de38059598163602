package io.github.crossaccountmfa.rule;

import io.github.crossaccountmfa.policy.Condition;
import io.github.crossaccountmfa.policy.Operator;
import io.github.crossaccountmfa.policy.SetQualifier;
import io.github.crossaccountmfa.policy.Statement;
import io.github.crossaccountmfa.policy.TrustPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The classes of (policy, request) on which the engine and the independent simulator read a policy differently,
 * each documented with its IAM reference in docs/rule.md ("Differential test"). Each class is a rewrite of the
 * policy into the simulator's reading: a disagreement belongs to a class when the policy contains the construct
 * and the engine, evaluating the rewritten policy, decides as the simulator did. The differential test excludes
 * exactly these disagreements.
 */
enum Ambiguity {
    /**
     * {@code ArnLike} / {@code ArnNotLike} (and {@code …Equals}) with a value that is not a six-field ARN, such as
     * {@code "*:role/ci-*"}. The engine compares it with the whole ARN as a wildcard pattern; the simulator calls
     * the value invalid: the positive operators never match it, and the negated operators fail for a present key.
     */
    ARN_OPERATOR_WITH_A_VALUE_THAT_IS_NOT_AN_ARN(Ambiguity::arnReading),
    /**
     * An IPv4 block with prefix length 0 ({@code 0.0.0.0/0}): every IPv4 address is in it; the simulator's mask
     * ({@code -1 << 32}, which is {@code -1} in JavaScript) makes it the single address {@code 0.0.0.0}.
     */
    IPV4_PREFIX_ZERO_IN_THE_SIMULATOR(Ambiguity::zeroPrefixReading),
    /**
     * An operator without {@code ForAnyValue:} / {@code ForAllValues:} on a multivalued key
     * ({@code aws:PrincipalOrgPaths}, {@code aws:TagKeys}, …) that the request carries. The engine reads it as "some
     * request value matches"; the simulator as never true, for the negated and {@code …IfExists} operators too.
     */
    PLAIN_OPERATOR_ON_A_MULTIVALUED_KEY(Ambiguity::multivaluedReading);

    private final Function<Condition, Optional<Condition>> reading;

    Ambiguity(Function<Condition, Optional<Condition>> reading) {
        this.reading = reading;
    }

    /**
     * The classes that explain the disagreement: the first single class whose reading gives the simulator's
     * decision, else all classes whose readings together give it; empty when none does.
     */
    static List<Ambiguity> of(RequestGenerator.Case c, RequestEvaluator.Decision theirs) {
        TrustPolicy policy = TrustPolicy.parse(c.policy());
        for (Ambiguity ambiguity : values()) {
            Optional<TrustPolicy> read = ambiguity.rewrite(policy);
            if (read.isPresent() && RequestEvaluator.decide(read.get(), c.request()) == theirs) {
                return List.of(ambiguity);
            }
        }
        TrustPolicy all = policy;
        List<Ambiguity> applied = new ArrayList<>();
        for (Ambiguity ambiguity : values()) {
            Optional<TrustPolicy> read = ambiguity.rewrite(all);
            if (read.isPresent()) {
                all = read.get();
                applied.add(ambiguity);
            }
        }
        return applied.size() > 1 && RequestEvaluator.decide(all, c.request()) == theirs
                ? List.copyOf(applied) : List.of();
    }

    /** The policy as the simulator reads it, when this class changes it. */
    Optional<TrustPolicy> rewrite(TrustPolicy policy) {
        boolean changed = false;
        List<Statement> statements = new ArrayList<>();
        for (Statement s : policy.statements()) {
            List<Condition> conditions = new ArrayList<>();
            for (Condition condition : s.conditions()) {
                Optional<Condition> read = reading.apply(condition);
                changed |= read.isPresent();
                conditions.add(read.orElse(condition));
            }
            statements.add(new Statement(s.index(), s.sid(), s.effect(), s.principal(), s.action(), conditions));
        }
        return changed ? Optional.of(new TrustPolicy(policy.version(), statements)) : Optional.empty();
    }

    private static boolean isArn(String value) {
        return value.split(":", 6).length == 6;
    }

    private static Optional<Condition> arnReading(Condition c) {
        if (c.operator().type() != Operator.Type.ARN || c.values().stream().allMatch(Ambiguity::isArn)) {
            return Optional.empty();
        }
        if (c.operator().negated()) {
            // false whenever the key is present
            return Optional.of(new Condition(c.qualifier(), Operator.NULL, false, c.key(), List.of("true")));
        }
        List<String> valid = c.values().stream().filter(Ambiguity::isArn).toList();
        return Optional.of(new Condition(c.qualifier(), c.operator(), c.ifExists(), c.key(),
                valid.isEmpty() ? List.of("arn:never:never:never:never:never") : valid));
    }

    private static Optional<Condition> multivaluedReading(Condition c) {
        if (c.qualifier() != SetQualifier.NONE || c.operator() == Operator.NULL
                || !RequestGenerator.multivalued(c.normalizedKey())) {
            return Optional.empty();
        }
        // true only when the key is absent, and then only for the operators that hold on an absent key
        boolean holdsWhenAbsent = c.ifExists() || c.operator().negated();
        return Optional.of(new Condition(SetQualifier.NONE, Operator.NULL, false, c.key(),
                List.of(holdsWhenAbsent ? "true" : "neither")));
    }

    private static Optional<Condition> zeroPrefixReading(Condition c) {
        if (c.operator().type() != Operator.Type.IP || !c.values().contains("0.0.0.0/0")) {
            return Optional.empty();
        }
        return Optional.of(new Condition(c.qualifier(), c.operator(), c.ifExists(), c.key(),
                c.values().stream().map(v -> v.equals("0.0.0.0/0") ? "0.0.0.0/32" : v).toList()));
    }
}
