package io.github.crossaccountmfa.rule;

import io.github.crossaccountmfa.policy.PolicyParseException;
import io.github.crossaccountmfa.policy.TrustPolicy;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Decides whether principals from other AWS accounts can assume a role without MFA. Stateless and thread-safe;
 * build one per set of rule parameters and reuse it.
 */
public final class VerdictEngine {
    private final RuleParameters parameters;
    private final Clock clock;
    private final KnownAccounts known;

    /** An engine that names the accounts of the bundled known-accounts list. */
    public VerdictEngine(RuleParameters parameters) {
        this(parameters, Clock.systemUTC());
    }

    /** {@code clock} is the request time for {@code aws:CurrentTime} conditions. */
    public VerdictEngine(RuleParameters parameters, Clock clock) {
        this(parameters, clock, KnownAccounts.bundled());
    }

    /** {@code known} names outside accounts in findings and annotations. */
    public VerdictEngine(RuleParameters parameters, Clock clock, KnownAccounts known) {
        this.parameters = Objects.requireNonNull(parameters);
        this.clock = Objects.requireNonNull(clock);
        this.known = Objects.requireNonNull(known);
    }

    public KnownAccounts knownAccounts() {
        return known;
    }

    public RuleParameters parameters() {
        return parameters;
    }

    /**
     * The verdict for a parsed trust policy of a role described by {@code role}. A failure inside the evaluation is
     * confined to this policy: it is NON_COMPLIANT ({@link #failed}), never an exception that costs other roles.
     */
    public Evaluation evaluate(TrustPolicy policy, RoleContext role) {
        try {
            return new Analysis(policy, role, parameters, clock.instant(), known).run();
        } catch (RuntimeException | StackOverflowError e) {
            return failed(e);
        }
    }

    /**
     * Which third-party callers {@code candidate} admits, in which MFA states, using the candidate callers of
     * {@code reference} (so two versions of one policy are compared on the same callers). Remediation uses it to
     * prove that a rewritten policy grants nothing new.
     */
    public java.util.Set<Admission> admissions(TrustPolicy candidate, TrustPolicy reference, RoleContext role) {
        java.time.Instant now = clock.instant();
        List<Caller> callers = new Analysis(reference, role, parameters, now).callers();
        List<Caller> own = new Analysis(candidate, role, parameters, now).callers();
        java.util.LinkedHashSet<Caller> all = new java.util.LinkedHashSet<>(callers);
        all.addAll(own);
        return new Analysis(candidate, role, parameters, now).admissions(List.copyOf(all));
    }

    /**
     * Parses and evaluates a document (raw or URL-encoded). A document that cannot be understood is
     * NON_COMPLIANT: the rule fails closed and never calls a policy it cannot read compliant.
     */
    public Evaluation evaluateDocument(String document, RoleContext role) {
        TrustPolicy policy;
        try {
            policy = TrustPolicy.parse(document);
        } catch (PolicyParseException e) {
            return unreadable(e);
        } catch (RuntimeException | StackOverflowError e) {
            return failed(e);
        }
        return evaluate(policy, role);
    }

    /** The fail-closed verdict for a trust policy that could not be read. */
    public static Evaluation unreadable(PolicyParseException error) {
        return new Evaluation(Compliance.NON_COMPLIANT,
                Annotations.truncate("Trust policy could not be parsed, so it is not trusted: " + error.getMessage()),
                List.of(Finding.general(Finding.Kind.UNPARSEABLE_POLICY,
                        "The trust policy could not be parsed: " + error.getMessage())));
    }

    /** The fail-closed verdict for a trust policy whose evaluation failed; the error's class names the cause. */
    public static Evaluation failed(Throwable error) {
        String cause = "internal error (" + error.getClass().getSimpleName() + ")";
        return new Evaluation(Compliance.NON_COMPLIANT,
                Annotations.truncate("Trust policy could not be evaluated, so it is not trusted: " + cause),
                List.of(Finding.general(Finding.Kind.EVALUATION_FAILED,
                        "The trust policy could not be evaluated: " + cause)));
    }
}
