package io.github.crossaccountmfa.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.crossaccountmfa.policy.Statement;
import io.github.crossaccountmfa.policy.TrustPolicy;
import io.github.crossaccountmfa.rule.Evaluation;
import io.github.crossaccountmfa.rule.RoleContext;
import io.github.crossaccountmfa.rule.RuleParameters;
import io.github.crossaccountmfa.rule.VerdictEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Worst-case time per policy ({@link WorstCasePolicies}), each benchmark beside its floor, a plain Jackson tree
 * parse of the same document measured in the same run:
 * <ul>
 *   <li>{@code worstCase} / {@code worstCaseJacksonFloor}: each generated shape packed to IAM's 4 096-character
 *       quota; parse included (the SPEC bar: at most 10 ms each). The set-up also prints each shape's median and
 *       maximum CPU time per operation (over 300 operations), which a busy machine does not inflate;</li>
 *   <li>{@code growth} / {@code growthJacksonFloor}: one Allow naming N accounts ({@code principals}) or N Allow
 *       statements naming one account each ({@code statements}), N = 1k..8k, beyond the quota (the reader refuses
 *       documents over 131 072 characters, so the engine is given the parsed policy): time must grow linearly.</li>
 * </ul>
 * Run: {@code ./mvnw -Pbench test -Dbench.include=WorstCaseBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
@Threads(1)
public class WorstCaseBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RoleContext ROLE = RoleContext.ofAccount("111111111111");
    private static final VerdictEngine ENGINE = new VerdictEngine(RuleParameters.parse(null));

    /** One shape packed to the quota. */
    @State(Scope.Thread)
    public static class Shape {
        @Param({"manyPrincipals", "manyIdentities", "manyDenies", "conflictingDenies", "manyConditionValues",
                "manyCallerPatterns", "deniedCallerPatterns", "accountsApartWithPatterns", "manyOrgPaths",
                "manyStatements"})
        public String shape;
        String document;

        @Setup(Level.Trial)
        public void load() {
            document = WorstCasePolicies.worstCases().stream().filter(s -> s.name().equals(shape)).findFirst()
                    .orElseThrow().document();
            printCpuTime();
        }

        /**
         * The CPU time of single operations on this thread (after 200 to warm up): on a shared machine wall time
         * also counts the time the thread waited for a core, CPU time only the work.
         */
        private void printCpuTime() {
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long[] cpu = new long[300];
            for (int i = -200; i < cpu.length; i++) {
                long start = threads.getCurrentThreadCpuTime();
                ENGINE.evaluateDocument(document, ROLE);
                if (i >= 0) {
                    cpu[i] = threads.getCurrentThreadCpuTime() - start;
                }
            }
            java.util.Arrays.sort(cpu);
            System.out.printf("%n%s (%d characters): CPU per operation median %.3f ms, max %.3f ms%n", shape,
                    document.length(), cpu[cpu.length / 2] / 1e6, cpu[cpu.length - 1] / 1e6);
        }
    }

    /** One size of one growth series. */
    @State(Scope.Thread)
    public static class Growth {
        @Param({"principals", "statements"})
        public String kind;
        @Param({"1000", "2000", "4000", "8000"})
        public int n;
        String document;
        TrustPolicy policy;

        @Setup(Level.Trial)
        public void load() {
            document = kind.equals("principals") ? WorstCasePolicies.principals(n) : WorstCasePolicies.statements(n);
            policy = kind.equals("principals") ? TrustPolicy.parse(document) : statements(n);
        }

        /** N statements, parsed a thousand at a time (each part within the reader's limit) and renumbered. */
        private static TrustPolicy statements(int n) {
            List<Statement> all = new ArrayList<>();
            for (int done = 0; done < n; done += 1000) {
                for (Statement s : TrustPolicy.parse(WorstCasePolicies.statements(Math.min(1000, n - done), done))
                        .statements()) {
                    all.add(new Statement(all.size(), s.sid(), s.effect(), s.principal(), s.action(), s.conditions()));
                }
            }
            return new TrustPolicy(Optional.of("2012-10-17"), all);
        }
    }

    /** One operation = parse and decide one worst-case policy. */
    @Benchmark
    public Evaluation worstCase(Shape s) {
        return ENGINE.evaluateDocument(s.document, ROLE);
    }

    /** The floor: a Jackson tree parse of the same document. */
    @Benchmark
    public JsonNode worstCaseJacksonFloor(Shape s) throws java.io.IOException {
        return JSON.readTree(s.document);
    }

    /** One operation = decide one policy of the growth series. */
    @Benchmark
    public Evaluation growth(Growth g) {
        return ENGINE.evaluate(g.policy, ROLE);
    }

    /** The floor: a Jackson tree parse of the same document. */
    @Benchmark
    public JsonNode growthJacksonFloor(Growth g) throws java.io.IOException {
        return JSON.readTree(g.document);
    }
}
