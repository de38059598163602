package io.github.crossaccountmfa.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.crossaccountmfa.aws.AwsClients;
import io.github.crossaccountmfa.aws.AwsRuleBackends;
import io.github.crossaccountmfa.aws.ConfigEvaluationSink;
import io.github.crossaccountmfa.lambda.ConfigRuleHandler;
import io.github.crossaccountmfa.lambda.Handlers;
import io.github.crossaccountmfa.testing.Events;
import io.github.crossaccountmfa.testing.TestContext;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A periodic sweep against an endpoint that answers every call after {@code latency} ms (as a remote AWS would,
 * each request waiting on its own): PutEvaluations one batch after the other (concurrency 1, how the function
 * sent them before) and with {@link ConfigEvaluationSink#CONCURRENT_CALLS} in flight, alternately in one loop,
 * through the Lambda handler and the real SDK clients. Prints the medians and their ratio.
 *
 * <pre>./mvnw -q -B -Psweep-bench test    # -Dsweep.roles=10000 -Dsweep.latency=100 -Dsweep.runs=3</pre>
 */
public final class SweepLatencyBenchmark {
    private SweepLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int roles = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int latency = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int history = Math.min(roles, 150);
        int[] settings = {1, ConfigEvaluationSink.CONCURRENT_CALLS};
        long[][] millis = new long[settings.length][runs];
        long[] puts = new long[settings.length];
        try (FakeAwsEndpoint aws = new FakeAwsEndpoint(roles, history, latency)) {
            System.setProperty("aws.accessKeyId", "AKIABENCHMARKKEY0001");
            System.setProperty("aws.secretAccessKey", "bench-secret");
            System.setProperty("aws.region", "us-east-1");
            System.setProperty("aws.endpointUrlIam", aws.endpoint());
            System.setProperty("aws.endpointUrlConfig", aws.endpoint());
            ObjectNode event = (ObjectNode) Events.json(Files.readString(Path.of("events", "scheduled.json")));
            event.put("ruleParameters", "{}");
            event.put("resultToken", "bench-token");
            ConfigRuleHandler[] handlers = new ConfigRuleHandler[settings.length];
            for (int i = 0; i < settings.length; i++) {
                handlers[i] = Handlers.configRuleHandler(new AwsRuleBackends(
                        () -> AwsClients.fromEnvironment(Optional.empty()), ConfigEvaluationSink.Retry.DEFAULT,
                        settings[i]), Duration.ofSeconds(10));
            }
            for (int run = 0; run < runs; run++) {
                for (int i = 0; i < settings.length; i++) {
                    aws.resetCounters();
                    long start = System.nanoTime();
                    handlers[i].handleRequest(Events.stream(event.toString()), OutputStream.nullOutputStream(),
                            new TestContext("bench-" + run, () -> 900_000));
                    millis[i][run] = (System.nanoTime() - start) / 1_000_000;
                    puts[i] = aws.calls("PutEvaluations");
                    if (aws.distinctReported() != roles) {
                        throw new AssertionError("reported " + aws.distinctReported() + " of " + roles);
                    }
                }
            }
        }
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                "Sweep of %,d roles, %d ms per call, %d alternating runs, %d cores, Java %s%n", roles, latency, runs,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
        for (int i = 0; i < settings.length; i++) {
            report.append(String.format(Locale.ROOT, "PutEvaluations concurrency %d: median %,d ms %s (%d calls)%n",
                    settings[i], median(millis[i]), Arrays.toString(millis[i]), puts[i]));
        }
        report.append(String.format(Locale.ROOT, "ratio concurrency %d / 1: %.2f%n", settings[1],
                (double) median(millis[1]) / median(millis[0])));
        System.out.print(report);
        Path out = Path.of("target", "sweep-latency-benchmark.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report, StandardCharsets.UTF_8);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
