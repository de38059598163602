package io.github.crossaccountmfa.bench;

import io.github.crossaccountmfa.lambda.ConfigRuleHandler;
import io.github.crossaccountmfa.lambda.SnapStartHooks;
import io.github.crossaccountmfa.testing.Events;
import io.github.crossaccountmfa.testing.TestContext;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The path SnapStart restores to: in a JVM with Lambda's flags, the handler is constructed (the init phase), its
 * priming hook runs (beforeCheckpoint, afterRestore), then the first invocation, a change event reported with
 * PutEvaluations to a local endpoint, is timed, and after it {@code warm} more of the same. Prints the first
 * invocation after priming, the warm median, and their ratio.
 *
 * <pre>./mvnw -q -B -Pcold-start-bench test    # runs this after the cold-start benchmark</pre>
 */
public final class RestoreBenchmark {
    private RestoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int warm = args.length > 0 ? Integer.parseInt(args[0]) : 21;
        String event = Events.withEnvelope("change-noncompliant.json", e -> e.put("resultToken", "restore-token"));
        try (FakeAwsEndpoint aws = new FakeAwsEndpoint(0, 0)) {
            System.setProperty("aws.accessKeyId", "AKIABENCHMARKKEY0001");
            System.setProperty("aws.secretAccessKey", "bench-secret");
            System.setProperty("aws.region", "us-east-1");
            System.setProperty("aws.endpointUrlIam", aws.endpoint());
            System.setProperty("aws.endpointUrlConfig", aws.endpoint());
            long initStart = System.nanoTime();
            ConfigRuleHandler handler = new ConfigRuleHandler();
            long init = (System.nanoTime() - initStart) / 1_000_000;
            long primeStart = System.nanoTime();
            SnapStartHooks.checkpointAndRestore();
            long priming = (System.nanoTime() - primeStart) / 1_000_000;
            aws.resetCounters();
            long first = invoke(handler, event, "restore-first");
            if (aws.calls("PutEvaluations") != 1) {
                throw new AssertionError("priming reached the endpoint: " + aws.allCalls());
            }
            long[] warmMillis = new long[warm];
            for (int i = 0; i < warm; i++) {
                warmMillis[i] = invoke(handler, event, "restore-warm-" + i);
            }
            long[] sorted = warmMillis.clone();
            Arrays.sort(sorted);
            long median = Math.max(1, sorted[warm / 2]);
            String report = String.format(Locale.ROOT, "Restore path, Java %s, %d cores, flags %s%n"
                            + "  init (handler constructed): %d ms; priming hook: %d ms%n"
                            + "  first invocation after priming: %d ms%n  warm invocations: median %d ms %s%n"
                            + "  ratio first after priming / warm: %.1f%n",
                    System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                    java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments(), init, priming,
                    first, median, Arrays.toString(warmMillis), (double) first / median);
            System.out.print(report);
            Path out = Path.of("target", "restore-benchmark.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report, StandardCharsets.UTF_8);
        }
    }

    private static long invoke(ConfigRuleHandler handler, String event, String requestId) {
        long start = System.nanoTime();
        handler.handleRequest(Events.stream(event), OutputStream.nullOutputStream(),
                new TestContext(requestId, () -> 900_000));
        return (System.nanoTime() - start) / 1_000_000;
    }
}
