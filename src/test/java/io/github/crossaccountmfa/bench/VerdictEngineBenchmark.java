package io.github.crossaccountmfa.bench;

import io.github.crossaccountmfa.policy.TrustPolicy;
import io.github.crossaccountmfa.rule.Evaluation;
import io.github.crossaccountmfa.rule.ParameterException;
import io.github.crossaccountmfa.rule.RoleContext;
import io.github.crossaccountmfa.rule.RuleParameters;
import io.github.crossaccountmfa.rule.VerdictEngine;
import io.github.crossaccountmfa.testing.PolicyCorpus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parse + verdict throughput on one core over the whole fixture corpus (every valid policy, raw and URL-encoded
 * variants included, in file order: simple and condition-heavy policies mixed).
 * Run: {@code ./mvnw -Pbench verify -Dbench.include=VerdictEngineBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
@Threads(1)
public class VerdictEngineBenchmark {
    private record Input(String document, RoleContext role, VerdictEngine engine) {
    }

    private List<Input> inputs;
    private int next;

    @Setup(Level.Trial)
    public void load() {
        inputs = new ArrayList<>();
        for (PolicyCorpus.Case c : PolicyCorpus.cases()) {
            if (c.expected().equals("PARSE_ERROR")) {
                continue;
            }
            try {
                VerdictEngine engine = new VerdictEngine(RuleParameters.parse(c.parameters().orElse(null)),
                        PolicyCorpus.CLOCK);
                inputs.add(new Input(c.policy(), RoleContext.ofAccount(c.account()), engine));
            } catch (ParameterException e) {
                // invalid-parameter cases are not policies to evaluate
            }
        }
    }

    /** One operation = parse one document and decide its verdict. */
    @Benchmark
    public Evaluation parseAndEvaluate() {
        Input input = inputs.get(next);
        next = next + 1 == inputs.size() ? 0 : next + 1;
        return input.engine().evaluate(TrustPolicy.parse(input.document()), input.role());
    }
}
