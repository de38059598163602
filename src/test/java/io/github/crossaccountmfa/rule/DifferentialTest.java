package io.github.crossaccountmfa.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountmfa.policy.TrustPolicy;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The engine's evaluation of concrete {@code sts:AssumeRole} requests ({@link RequestEvaluator}) against an
 * independent IAM policy simulator, {@code @cloud-copilot/iam-simulate} (pinned in {@code src/test/node}), on
 * 20 000 seeded (trust policy, request) pairs from {@link RequestGenerator}. Every pair must get the same
 * decision (Allow, explicit Deny, implicit Deny), except for the documented ambiguities of {@link Ambiguity}
 * (docs/rule.md, "Differential test"). Needs node and npm (the {@code integration} profile runs it).
 */
@Tag("differential")
class DifferentialTest {
    /** {@code -Ddifferential.seed=N -Ddifferential.pairs=N} run other or more pairs (docs/rule.md). */
    static final long SEED = Long.getLong("differential.seed", 20_261_202L);
    static final int PAIRS = Integer.getInteger("differential.pairs", 20_000);
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
        List<String> log = new ArrayList<>();
        Map<RequestEvaluator.Decision, Integer> decisions = new EnumMap<>(RequestEvaluator.Decision.class);
        for (int i = 0; i < PAIRS; i++) {
            RequestGenerator.Case c = cases.get(i);
            IamSimulator.Answer theirs = answers.get(i);
            if (theirs.error() != null) {
                unexplained.computeIfAbsent("the simulator rejects the input: " + theirs.error(),
                        k -> new ArrayList<>()).add(describe(c));
                continue;
            }
            if (!theirs.ignoredKeys().isEmpty()) {
                ignoredKeys.add(theirs.ignoredKeys() + " in " + describe(c));
            }
            RequestEvaluator.Decision ours = RequestEvaluator.decide(TrustPolicy.parse(c.policy()), c.request());
            decisions.merge(ours, 1, Integer::sum);
            if (ours == theirs.decision()) {
                continue;
            }
            List<Ambiguity> ambiguity = Ambiguity.of(c, theirs.decision());
            String kind = ambiguity.isEmpty() ? "UNEXPLAINED" : ambiguity.toString();
            log.add(kind + "\t" + ours + " here, " + theirs.decision() + " in the simulator\t" + describe(c));
            if (ambiguity.isEmpty()) {
                unexplained.computeIfAbsent(ours + " here, " + theirs.decision() + " in the simulator",
                        k -> new ArrayList<>()).add(describe(c));
            } else {
                documented.merge(kind, 1, Integer::sum);
            }
        }
        Files.write(IamSimulator.INSTALL.resolve("disagreements.txt"), log);
        System.out.printf("differential: %d pairs (seed %d) in %.1f s, the simulator's installation and start "
                        + "included; decisions here %s; documented ambiguities %s; unexplained %d (all "
                        + "disagreements in %s)%n", PAIRS, SEED, (System.nanoTime() - started) / 1e9, decisions,
                documented, unexplained.values().stream().mapToInt(List::size).sum(),
                IamSimulator.INSTALL.resolve("disagreements.txt"));
        assertThat(ignoredKeys).as("context keys the simulator ignored").isEmpty();
        assertThat(examples(unexplained)).as("disagreements outside the documented ambiguities").isEmpty();
    }

    /** A few examples of each kind, for the failure message. */
    private static Map<String, String> examples(Map<String, List<String>> disagreements) {
        Map<String, String> summary = new LinkedHashMap<>();
        disagreements.forEach((kind, cases) -> summary.put(kind, cases.size() + ", e.g.\n  "
                + String.join("\n  ", cases.subList(0, Math.min(EXAMPLES, cases.size())))));
        return summary;
    }

    private static String describe(RequestGenerator.Case c) {
        Request r = c.request();
        return c.policy() + "\t" + r.callerArn() + " (aws:PrincipalArn " + r.principalArn() + ")\t" + r.context();
    }
}
