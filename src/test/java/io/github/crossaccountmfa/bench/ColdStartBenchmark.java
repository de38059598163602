package io.github.crossaccountmfa.bench;

import io.github.crossaccountmfa.lambda.ConfigRuleHandler;
import io.github.crossaccountmfa.testing.Events;
import io.github.crossaccountmfa.testing.LambdaProcess;
import io.github.crossaccountmfa.testing.RuntimeApiServer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Cold start through the real Runtime Interface Client: from starting the {@code java} process to the first
 * PutEvaluations request reaching the (local) AWS Config endpoint, for a change event, median of 5 fresh JVMs per
 * JVM configuration. The function's classpath is what Lambda gets (classes + runtime dependencies, from
 * {@code target/lambda-runtime.classpath} written by the profile) plus the Runtime Interface Client.
 *
 * <pre>mvn -q -B -Pcold-start-bench test</pre>
 */
public final class ColdStartBenchmark {
    private static final int RUNS = Integer.getInteger("coldstart.runs", 5);

    private ColdStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String classpath = lambdaClasspath();
        String handler = LambdaProcess.handlerFromTemplate(Path.of("template.yaml"), ConfigRuleHandler.HANDLER);
        String event = Events.withEnvelope("change-noncompliant.json", e -> e.put("resultToken", "cold-start-token"));
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                "Cold start, %d runs per configuration, Java %s, %d cores; handler %s%n", RUNS,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), handler));
        List<List<String>> configurations = List.of(
                List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx448m"),
                List.of("-Xmx448m"));
        for (List<String> jvm : configurations) {
            long[] toPut = new long[RUNS];
            long[] toInit = new long[RUNS];
            long[] toResponse = new long[RUNS];
            for (int run = 0; run < RUNS; run++) {
                long[] t = once(classpath, handler, jvm, event);
                toInit[run] = t[0];
                toPut[run] = t[1];
                toResponse[run] = t[2];
            }
            report.append(String.format(Locale.ROOT, "%s%n  process start -> runtime ready (GET /next): median %d ms %s%n"
                            + "  process start -> first PutEvaluations:     median %d ms %s%n"
                            + "  process start -> invocation response:      median %d ms %s%n",
                    String.join(" ", jvm), median(toInit), Arrays.toString(toInit), median(toPut),
                    Arrays.toString(toPut), median(toResponse), Arrays.toString(toResponse)));
        }
        System.out.print(report);
        Path out = Path.of("target", "cold-start-benchmark.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report, StandardCharsets.UTF_8);
    }

    /** Milliseconds from process start to: runtime ready, first PutEvaluations, response posted. */
    private static long[] once(String classpath, String handler, List<String> jvm, String event) throws Exception {
        // The invocation gets Lambda's longest timeout, so that the deadline checks never stop it.
        try (FakeAwsEndpoint aws = new FakeAwsEndpoint(0, 0);
             RuntimeApiServer runtime = new RuntimeApiServer(900_000)) {
            var outcome = runtime.invoke(event);
            long start = System.nanoTime();
            try (LambdaProcess process = LambdaProcess.start(classpath, handler, jvm,
                    LambdaProcess.environment(runtime.address(), Optional.of(aws.endpoint()), aws.endpoint()))) {
                RuntimeApiServer.Outcome result;
                try {
                    result = outcome.get(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("no response; stdout:\n" + process.stdout() + "\nstderr:\n"
                            + process.stderr(), e);
                }
                long responded = System.nanoTime();
                if (!result.success() || aws.firstPutNanos() == 0) {
                    throw new IllegalStateException("invocation failed: " + result.body() + "\n" + process.stdout());
                }
                return new long[] {(runtime.firstNextNanos() - start) / 1_000_000,
                        (aws.firstPutNanos() - start) / 1_000_000, (responded - start) / 1_000_000};
            }
        }
    }

    /** Lambda's classpath: target/classes + runtime dependencies, plus the Runtime Interface Client and its jars. */
    private static String lambdaClasspath() throws Exception {
        Path file = Path.of("target", "lambda-runtime.classpath");
        String own = System.getProperty("java.class.path");
        if (!Files.exists(file)) {
            System.err.println("(target/lambda-runtime.classpath missing: using the test classpath)");
            return own;
        }
        List<String> entries = new ArrayList<>();
        entries.add(Path.of("target", "classes").toAbsolutePath().toString());
        entries.addAll(Arrays.asList(Files.readString(file, StandardCharsets.UTF_8).strip().split(File.pathSeparator)));
        for (String entry : own.split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if ((name.startsWith("aws-lambda-java-runtime-interface-client") || name.startsWith("aws-lambda-java-serialization"))
                    && !entries.contains(entry)) {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
