package io.github.crossaccountmfa.lambda;

import io.github.crossaccountmfa.invocation.RuleBackend;
import java.time.Duration;

/** The function's handler over other backends (for the benchmarks outside this package). */
public final class Handlers {
    private Handlers() {
    }

    public static ConfigRuleHandler configRuleHandler(RuleBackend.Factory backends, Duration safetyMargin) {
        return new ConfigRuleHandler(backends, safetyMargin);
    }
}
