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
 * Parse + verdict throughput on one core.
 * <ul>
 *   <li>{@code corpus}: the whole fixture corpus (every valid policy, raw and URL-encoded variants, in file order):
 *       mostly edge cases, condition-heavy: the hard mix;</li>
 *   <li>{@code typicalAccount}: the 40 realistic roles of the scan sample (services, partners, vendors with
 *       ExternalId, CI roles), URL-encoded as {@code ListRoles} delivers them.</li>
 * </ul>
 * Run: {@code ./mvnw -Pbench test -Dbench.include=VerdictEngineBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
@Threads(1)
public class VerdictEngineBenchmark {
    private record Input(String document, RoleContext role, VerdictEngine engine) {
    }

    private List<Input> inputs;
    private int next;
    private List<Input> typical;
    private int nextTypical;

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

    @Setup(Level.Trial)
    public void loadTypical() throws java.io.IOException {
        typical = new ArrayList<>();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode sample;
        try (java.io.InputStream in = VerdictEngineBenchmark.class.getResourceAsStream("/scan/sample-roles.json")) {
            sample = json.readTree(in);
        }
        VerdictEngine engine = new VerdictEngine(RuleParameters.parse(json.writeValueAsString(sample.get("parameters"))));
        RoleContext role = RoleContext.ofAccount(sample.get("account").asText());
        for (com.fasterxml.jackson.databind.JsonNode r : sample.get("roles")) {
            String encoded = java.net.URLEncoder.encode(json.writeValueAsString(r.get("policy")),
                    java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
            typical.add(new Input(encoded, role, engine));
        }
    }

    /** One operation = parse one document of the corpus and decide its verdict. */
    @Benchmark
    public Evaluation corpus() {
        Input input = inputs.get(next);
        next = next + 1 == inputs.size() ? 0 : next + 1;
        return input.engine().evaluate(TrustPolicy.parse(input.document()), input.role());
    }

    /** One operation = URL-decode, parse and decide one role of a realistic account. */
    @Benchmark
    public Evaluation typicalAccount() {
        Input input = typical.get(nextTypical);
        nextTypical = nextTypical + 1 == typical.size() ? 0 : nextTypical + 1;
        return input.engine().evaluate(TrustPolicy.parse(input.document()), input.role());
    }
}
