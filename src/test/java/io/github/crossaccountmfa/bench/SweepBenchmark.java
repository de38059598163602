package io.github.crossaccountmfa.bench;

import io.github.crossaccountmfa.invocation.RuleEvent;
import io.github.crossaccountmfa.lambda.ConfigRuleHandler;
import io.github.crossaccountmfa.testing.Events;
import io.github.crossaccountmfa.testing.TestContext;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A periodic sweep of N roles (default 10 000) through the real handler and SDK clients against a local endpoint
 * ({@link FakeAwsEndpoint}), in this JVM (run it with {@code -Xmx256m}). Reports the API calls made and the wall
 * time of the first sweep (SDK initialization included) and of the following ones, and checks the call counts
 * against ⌈N/1000⌉ ListRoles + ⌈N/100⌉ PutEvaluations + the clean-up pages.
 *
 * <pre>mvn -q -B -Psweep-bench test            # or: -Dsweep.roles=N -Dsweep.runs=R</pre>
 */
public final class SweepBenchmark {
    private SweepBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        int roles = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int history = Math.min(roles, 150);
        StringBuilder report = new StringBuilder();
        try (FakeAwsEndpoint aws = new FakeAwsEndpoint(roles, history)) {
            System.setProperty("aws.accessKeyId", "AKIABENCHMARKKEY0001");
            System.setProperty("aws.secretAccessKey", "bench-secret");
            System.setProperty("aws.region", "us-east-1");
            System.setProperty("aws.endpointUrlIam", aws.endpoint());
            System.setProperty("aws.endpointUrlConfig", aws.endpoint());
            String event = event(false);
            report.append(String.format(Locale.ROOT, "Sweep of %,d roles, heap max %d MB, %d cores, Java %s%n", roles,
                    Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version")));
            long constructStart = System.nanoTime();
            ConfigRuleHandler handler = new ConfigRuleHandler();
            double initMillis = (System.nanoTime() - constructStart) / 1e6;
            report.append(String.format(Locale.ROOT, "handler init (SDK clients, priming hook): %.0f ms%n", initMillis));
            for (int run = 1; run <= runs; run++) {
                aws.resetCounters();
                long start = System.nanoTime();
                handler.handleRequest(Events.stream(event), OutputStream.nullOutputStream(), new TestContext("bench-" + run, () -> 900_000));
                double millis = (System.nanoTime() - start) / 1e6;
                check(aws, roles, history);
                report.append(String.format(Locale.ROOT, "run %d: %7.0f ms  calls %s  evaluations %,d (distinct %,d, "
                                + "largest batch %d)%n", run, millis, aws.allCalls(), aws.evaluations(),
                        aws.distinctReported(), aws.largestBatch()));
            }
            aws.resetCounters();
            long start = System.nanoTime();
            handler.handleRequest(Events.stream(event(true)), OutputStream.nullOutputStream(), new TestContext("bench-tags", () -> 900_000));
            report.append(String.format(Locale.ROOT, "with ExemptionTagKey: %5.0f ms  calls %s  (ListRoleTags only for "
                            + "the %d roles that would otherwise be NON_COMPLIANT)%n", (System.nanoTime() - start) / 1e6,
                    aws.allCalls(), aws.nonCompliantRoles()));
            if (aws.calls("ListRoleTags") != aws.nonCompliantRoles()) {
                throw new AssertionError("ListRoleTags calls " + aws.calls("ListRoleTags"));
            }
        }
        report.append(String.format(Locale.ROOT, "peak heap used: %d MB; JVM start to end: %d ms%n", peakHeapMb(),
                System.currentTimeMillis() - jvmStart));
        System.out.print(report);
        Path out = Path.of("target", "sweep-benchmark.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report, StandardCharsets.UTF_8);
    }

    private static void check(FakeAwsEndpoint aws, int roles, int history) {
        long listRoles = (roles + 999) / 1000;
        long puts = Math.max(1, (roles + 99) / 100);
        long historyPages = Math.max(1, (history + 99) / 100);
        if (aws.calls("ListRoles") != listRoles || aws.calls("PutEvaluations") != puts
                || aws.calls("GetComplianceDetailsByConfigRule") != historyPages || aws.calls("ListRoleTags") != 0
                || aws.calls("GetRole") != 0 || aws.distinctReported() != roles || aws.evaluations() != roles) {
            throw new AssertionError("unexpected calls " + aws.allCalls() + " / evaluations " + aws.evaluations()
                    + "; expected " + listRoles + " ListRoles, " + puts + " PutEvaluations, " + historyPages
                    + " GetComplianceDetailsByConfigRule");
        }
    }

    private static String event(boolean exemptionTag) throws Exception {
        ObjectNode e = (ObjectNode) Events.json(Files.readString(Path.of("events", "scheduled.json")));
        e.put("ruleParameters", exemptionTag ? "{\"ExemptionTagKey\":\"mfa-exempt\"}" : "{}");
        e.put("resultToken", "bench-token");
        return e.toString();
    }

    private static long peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }
}
