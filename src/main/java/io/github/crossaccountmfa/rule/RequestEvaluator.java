package io.github.crossaccountmfa.rule;

import io.github.crossaccountmfa.policy.Condition;
import io.github.crossaccountmfa.policy.Effect;
import io.github.crossaccountmfa.policy.Statement;
import io.github.crossaccountmfa.policy.TrustPolicy;

/**
 * IAM's evaluation of one trust policy for one concrete {@code sts:AssumeRole} request: an explicit Deny wins, else
 * an Allow that matches allows, else the request is implicitly denied. It decides the trust policy alone (for a
 * cross-account caller, IAM also needs an identity policy in the caller's account that allows the call).
 *
 * <p>The same building blocks as the verdict engine — {@link io.github.crossaccountmfa.policy.ActionElement#covers},
 * {@link PrincipalIndex#admits} and {@link ConditionEvaluator} — so a differential test of this class against an
 * independent simulator tests the engine's semantics; the verdict engine's search over callers and request values
 * is checked against this class by a completeness property.
 */
public final class RequestEvaluator {

    /** The outcome of IAM's policy evaluation for one request. */
    public enum Decision { ALLOW, EXPLICIT_DENY, IMPLICIT_DENY }

    private RequestEvaluator() {
    }

    /**
     * The decision for {@code request}. Policy variables ({@code ${aws:username}}) are compared as literal text:
     * the verdict engine resolves them in the caller's favour, and no test here generates them.
     */
    public static Decision decide(TrustPolicy policy, Request request) {
        Caller caller = request.caller();
        PrincipalIndex principals = new PrincipalIndex(policy.statements());
        boolean allowed = false;
        for (Statement statement : policy.statements()) {
            if (!statement.action().covers(Analysis.ASSUME_ROLE) || !principals.admits(statement, caller)
                    || !conditionsHold(statement, request)) {
                continue;
            }
            if (statement.effect() == Effect.DENY) {
                return Decision.EXPLICIT_DENY;
            }
            allowed = true;
        }
        return allowed ? Decision.ALLOW : Decision.IMPLICIT_DENY;
    }

    /** Every condition (every operator, every key) holds: they are AND-ed. */
    private static boolean conditionsHold(Statement statement, Request request) {
        for (Condition condition : statement.conditions()) {
            if (!ConditionEvaluator.evaluate(condition, request.value(condition.normalizedKey()))) {
                return false;
            }
        }
        return true;
    }
}
