package io.github.crossaccountmfa.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountmfa.policy.TrustPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The engine's evaluation of concrete {@code sts:AssumeRole} requests ({@link RequestEvaluator}) against an
 * independent IAM policy simulator, {@code @cloud-copilot/iam-simulate} (pinned in {@code src/test/node}), on
 * {@value #PAIRS} seeded (trust policy, request) pairs from {@link RequestGenerator}. Every pair must get the same
 * decision (Allow, explicit Deny, implicit Deny), except for the documented ambiguities of {@link Ambiguity}
 * (docs/rule.md, "Differential test"). Needs node and npm (the {@code integration} profile runs it).
 */
@Tag("differential")
class DifferentialTest {
    static final long SEED = 20_261_202L;
    static final int PAIRS = 20_000;
    private static final int EXAMPLES = 3;

    @Test
    void everyRequestIsDecidedAsTheIndependentSimulatorDecidesIt() throws Exception {
        long started = System.nanoTime();
        RequestGenerator generator = new RequestGenerator(SEED);
        List<RequestGenerator.Case> cases = new ArrayList<>(PAIRS);
        for (int i = 0; i < PAIRS; i++) {
            cases.add(generator.next());
        }
        List<IamSimulator.Answer> answers;
        try (IamSimulator simulator = IamSimulator.start()) {
            answers = simulator.decide(cases);
        }
        Map<String, List<String>> unexplained = new LinkedHashMap<>();
        Map<String, Integer> documented = new LinkedHashMap<>();
        List<String> ignoredKeys = new ArrayList<>();
        Map<RequestEvaluator.Decision, Integer> decisions = new java.util.EnumMap<>(RequestEvaluator.Decision.class);
        for (int i = 0; i < PAIRS; i++) {
            RequestGenerator.Case c = cases.get(i);
            IamSimulator.Answer theirs = answers.get(i);
            if (theirs.error() != null) {
                unexplained.computeIfAbsent("simulator error " + theirs.error(), k -> new ArrayList<>())
                        .add(describe(c, null, null));
                continue;
            }
            if (!theirs.ignoredKeys().isEmpty()) {
                ignoredKeys.add(theirs.ignoredKeys() + " in " + describe(c, null, null));
            }
            RequestEvaluator.Decision ours = RequestEvaluator.decide(TrustPolicy.parse(c.policy()), c.request());
            decisions.merge(ours, 1, Integer::sum);
            if (ours == theirs.decision()) {
                continue;
            }
            List<Ambiguity> ambiguity = Ambiguity.of(c, theirs.decision());
            if (!ambiguity.isEmpty()) {
                documented.merge(ambiguity.toString(), 1, Integer::sum);
            } else {
                unexplained.computeIfAbsent(ours + " here, " + theirs.decision() + " in the simulator",
                        k -> new ArrayList<>()).add(describe(c, ours, theirs.decision()));
            }
        }
        java.nio.file.Files.createDirectories(IamSimulator.INSTALL);
        java.nio.file.Files.write(IamSimulator.INSTALL.resolve("disagreements.txt"), unexplained.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(v -> e.getKey() + "\t" + v)).toList());
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("differential: %d pairs (seed %d) in %.1f s (install and start of the simulator included); decisions here %s; "
                + "documented ambiguities %s; unexplained %s%n", PAIRS, SEED, seconds, decisions, documented, counts(unexplained));
        assertThat(ignoredKeys).as("context keys the simulator ignored").isEmpty();
        assertThat(unexplained).as("disagreements outside the documented ambiguities").isEmpty();
    }

    private static Map<String, Integer> counts(Map<String, List<String>> disagreements) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        disagreements.forEach((kind, examples) -> counts.put(kind, examples.size()));
        return counts;
    }

    private static Map<String, String> summary(Map<String, List<String>> disagreements) {
        Map<String, String> summary = new LinkedHashMap<>();
        disagreements.forEach((kind, examples) -> summary.put(kind, examples.size() + ", e.g. "
                + String.join("\n   ", examples.subList(0, Math.min(EXAMPLES, examples.size())))));
        return summary;
    }

    static String describe(RequestGenerator.Case c, RequestEvaluator.Decision ours,
                           RequestEvaluator.Decision theirs) {
        Request r = c.request();
        return c.policy() + "\t" + r.callerArn() + "\t" + r.callerArn() + "\t" + r.principalArn() + "\t" + r.context();
    }
}
