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
 * Each has a floor measured in the same run: a plain Jackson tree parse of the same documents
 * ({@code corpusJacksonFloor}; {@code typicalAccountJacksonFloor} URL-decodes first, as the engine must), so the
 * README can give the engine's throughput as a ratio that does not depend on the machine.
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

    private static final com.fasterxml.jackson.databind.ObjectMapper FLOOR =
            new com.fasterxml.jackson.databind.ObjectMapper();
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

    /** Floor: one operation = a Jackson tree parse of one document of the corpus. */
    @Benchmark
    public com.fasterxml.jackson.databind.JsonNode corpusJacksonFloor() {
        Input input = inputs.get(next);
        next = next + 1 == inputs.size() ? 0 : next + 1;
        return floor(input.document());
    }

    /** Floor: one operation = URL-decode one role's document and parse it into a Jackson tree. */
    @Benchmark
    public com.fasterxml.jackson.databind.JsonNode typicalAccountJacksonFloor() {
        Input input = typical.get(nextTypical);
        nextTypical = nextTypical + 1 == typical.size() ? 0 : nextTypical + 1;
        return floor(input.document());
    }

    /** URL-decodes a document that is not raw JSON, then parses it into a Jackson tree ({@code null} if not JSON). */
    private static com.fasterxml.jackson.databind.JsonNode floor(String document) {
        String text = document.startsWith("{") ? document
                : java.net.URLDecoder.decode(document, java.nio.charset.StandardCharsets.UTF_8);
        try {
            return FLOOR.readTree(text);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** One operation = URL-decode, parse and decide one role of a realistic account. */
    @Benchmark
    public Evaluation typicalAccount() {
        Input input = typical.get(nextTypical);
        nextTypical = nextTypical + 1 == typical.size() ? 0 : nextTypical + 1;
        return input.engine().evaluate(TrustPolicy.parse(input.document()), input.role());
    }
}
