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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Cold start, side by side with a Python boto3 Config rule: from starting the process to the first PutEvaluations
 * request reaching the (local) AWS Config endpoint, for a change event. Each round of the one loop starts, in
 * turn, the Java function through the real Runtime Interface Client (with Lambda's JVM flags, then with the JVM's
 * defaults), the Python peer ({@code src/test/python/config_rule_peer.py}, boto3) and the SDK floor
 * ({@link SdkFloorHandler}: one PutEvaluations through the AWS SDK alone, what any SDK v2 function pays), each against a fresh local
 * Runtime API and AWS endpoint; medians over the rounds, and the ratios Java / Python of wall time and CPU time
 * (user + system of the process, read when the invocation's response is posted). The function's classpath is
 * what Lambda gets (classes + runtime dependencies, from {@code target/function.classpath}, written by every build) plus the Runtime Interface Client.
 *
 * <pre>./mvnw -q -B -Pcold-start-bench test [-Dcoldstart.runs=9] [-Dcoldstart.python=python3]</pre>
 */
public final class ColdStartBenchmark {
    private static final int RUNS = Integer.getInteger("coldstart.runs", 9);
    private static final boolean JAVA_ONLY = Boolean.getBoolean("coldstart.javaOnly");
    /**
     * Another build of the function to run in the same loop (e.g. the previous release): its classes directory and
     * its runtime class path file ({@code dependency:build-classpath -DincludeScope=runtime}), as
     * {@code DIR/target/classes:DIR/function.classpath}, and the handler string it uses.
     */
    private static final String BASELINE = System.getProperty("coldstart.baseline", "").strip();
    private static final String BASELINE_HANDLER = System.getProperty("coldstart.baselineHandler",
            ConfigRuleHandler.HANDLER);
    /** Extra JVM options for both Java runs (e.g. {@code -Xlog:class+load:file=...} to see where time goes). */
    private static final List<String> EXTRA = Arrays.stream(System.getProperty("coldstart.jvm", "").split(" "))
            .filter(option -> !option.isBlank()).toList();
    private static final List<String> LAMBDA_FLAGS = concat(
            List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx448m"), EXTRA);
    private static final List<String> JVM_DEFAULTS = concat(List.of("-Xmx448m"), EXTRA);

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    private ColdStartBenchmark() {
    }

    /** One runtime of the loop: how to start it. */
    private record Runtime(String name, List<String> command) {
    }

    /** Milliseconds from process start to: runtime ready, first PutEvaluations, response posted; CPU ms. */
    private record Sample(long ready, long firstPut, long response, long cpu) {
    }

    public static void main(String[] args) throws Exception {
        String classpath = lambdaClasspath();
        String handler = LambdaProcess.handlerFromTemplate(Path.of("template.yaml"), ConfigRuleHandler.HANDLER);
        String python = pythonWithBoto3(System.getProperty("coldstart.python", "python3"));
        String peer = Path.of("src", "test", "python", "config_rule_peer.py").toAbsolutePath().toString();
        String event = Events.withEnvelope("change-noncompliant.json", e -> e.put("resultToken", "cold-start-token"));
        List<Runtime> all = List.of(
                new Runtime("java (Lambda's flags): " + String.join(" ", LAMBDA_FLAGS), java(classpath, handler, LAMBDA_FLAGS)),
                new Runtime("python boto3 peer", List.of(python, peer)),
                new Runtime("java (JVM defaults): " + String.join(" ", JVM_DEFAULTS), java(classpath, handler, JVM_DEFAULTS)),
                new Runtime("SDK floor (SdkFloorHandler, Lambda's flags): " + String.join(" ", LAMBDA_FLAGS),
                        java(classpath + File.pathSeparator + floorClasses(), FLOOR_HANDLER, LAMBDA_FLAGS)));
        List<Runtime> runtimes = new ArrayList<>(JAVA_ONLY ? List.of(all.get(0)) : all);
        if (!BASELINE.isEmpty()) {
            String[] parts = BASELINE.split(File.pathSeparator, 2);
            runtimes.add(new Runtime("baseline (" + parts[0] + ", Lambda's flags): " + String.join(" ", LAMBDA_FLAGS),
                    java(classpath(Path.of(parts[0]), Path.of(parts[1])), BASELINE_HANDLER, LAMBDA_FLAGS)));
        }
        Map<Runtime, List<Sample>> samples = new LinkedHashMap<>();
        runtimes.forEach(r -> samples.put(r, new ArrayList<>()));
        once(runtimes.get(0), event); // warms the OS file cache for the first round; not counted
        if (!JAVA_ONLY) {
            once(runtimes.get(1), event);
        }
        for (int round = 0; round < RUNS; round++) {
            for (Runtime runtime : runtimes) {
                samples.get(runtime).add(once(runtime, event));
            }
        }
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                "Cold start, %d alternating rounds, Java %s, %s, %d cores; handler %s%n", RUNS,
                System.getProperty("java.version"), pythonVersion(python),
                java.lang.Runtime.getRuntime().availableProcessors(), handler));
        for (Runtime runtime : runtimes) {
            List<Sample> s = samples.get(runtime);
            report.append(String.format(Locale.ROOT, "%s%n  runtime ready (GET /next): median %d ms%n"
                            + "  first PutEvaluations:      median %d ms %s%n  response posted:           median %d ms%n"
                            + "  CPU (user+system):         median %d ms %s%n", runtime.name(),
                    median(s, Sample::ready), median(s, Sample::firstPut), values(s, Sample::firstPut),
                    median(s, Sample::response), median(s, Sample::cpu), values(s, Sample::cpu)));
        }
        List<Sample> py = JAVA_ONLY ? List.of() : samples.get(runtimes.get(1));
        for (Runtime java : JAVA_ONLY ? List.<Runtime>of() : List.of(runtimes.get(0), runtimes.get(2), runtimes.get(3))) {
            List<Sample> j = samples.get(java);
            report.append(String.format(Locale.ROOT, "ratio %s / python: first PutEvaluations %.2f, CPU %.2f%n",
                    java.name().substring(0, java.name().indexOf(':')),
                    (double) median(j, Sample::firstPut) / median(py, Sample::firstPut),
                    (double) median(j, Sample::cpu) / median(py, Sample::cpu)));
        }
        if (!JAVA_ONLY) {
            List<Sample> j = samples.get(runtimes.get(0));
            List<Sample> f = samples.get(runtimes.get(3));
            report.append(String.format(Locale.ROOT, "ratio java (Lambda's flags) / SDK floor: first PutEvaluations %.2f, "
                    + "CPU %.2f%n", (double) median(j, Sample::firstPut) / median(f, Sample::firstPut),
                    (double) median(j, Sample::cpu) / median(f, Sample::cpu)));
        }
        if (!BASELINE.isEmpty()) {
            List<Sample> j = samples.get(runtimes.get(0));
            List<Sample> b = samples.get(runtimes.get(runtimes.size() - 1));
            report.append(String.format(Locale.ROOT, "ratio java (Lambda's flags) / baseline: first PutEvaluations %.2f, "
                    + "CPU %.2f%n", (double) median(j, Sample::firstPut) / median(b, Sample::firstPut),
                    (double) median(j, Sample::cpu) / median(b, Sample::cpu)));
            if (!JAVA_ONLY) {
                report.append(String.format(Locale.ROOT, "ratio baseline / python: first PutEvaluations %.2f, CPU %.2f%n",
                        (double) median(b, Sample::firstPut) / median(py, Sample::firstPut),
                        (double) median(b, Sample::cpu) / median(py, Sample::cpu)));
            }
        }
        System.out.print(report);
        Path out = Path.of("target", "cold-start-benchmark.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report, StandardCharsets.UTF_8);
    }

    /** The SDK-only floor: the function's class path plus this benchmark's classes, for {@link SdkFloorHandler}. */
    private static final String FLOOR_HANDLER = SdkFloorHandler.class.getName() + "::handleRequest";

    private static String floorClasses() throws Exception {
        return Path.of(SdkFloorHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toAbsolutePath().toString();
    }

    private static List<String> java(String classpath, String handler, List<String> jvm) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm);
        command.addAll(List.of("-cp", classpath, LambdaProcess.RIC_MAIN, handler));
        return command;
    }

    private static Sample once(Runtime runtime, String event) throws Exception {
        // The invocation gets Lambda's longest timeout, so that the deadline checks never stop it.
        try (FakeAwsEndpoint aws = new FakeAwsEndpoint(0, 0);
             RuntimeApiServer api = new RuntimeApiServer(900_000)) {
            var outcome = api.invoke(event);
            long start = System.nanoTime();
            try (LambdaProcess process = LambdaProcess.startCommand(runtime.command(),
                    LambdaProcess.environment(api.address(), Optional.of(aws.endpoint()), aws.endpoint()))) {
                RuntimeApiServer.Outcome result;
                try {
                    result = outcome.get(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(runtime.name() + ": no response; stdout:\n" + process.stdout()
                            + "\nstderr:\n" + process.stderr(), e);
                }
                long responded = System.nanoTime();
                long cpu = process.cpuMillis();
                if (!result.success() || aws.firstPutNanos() == 0) {
                    throw new IllegalStateException(runtime.name() + ": invocation failed: " + result.body() + "\n"
                            + process.stdout() + process.stderr());
                }
                return new Sample((api.firstNextNanos() - start) / 1_000_000, (aws.firstPutNanos() - start) / 1_000_000,
                        (responded - start) / 1_000_000, cpu);
            }
        }
    }

    /** The absolute path of a Python that imports boto3 (a pyenv shim would need the HOME the runs replace). */
    private static String pythonWithBoto3(String python) throws Exception {
        Process p = new ProcessBuilder(python, "-c", "import boto3, sys; print(sys.executable)")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(python + " cannot import boto3 (set -Dcoldstart.python=...): " + out);
        }
        return out.lines().reduce((a, b) -> b).orElseThrow();
    }

    private static String pythonVersion(String python) throws Exception {
        Process p = new ProcessBuilder(python, "-c",
                "import sys, boto3; print('Python %d.%d.%d' % sys.version_info[:3], 'boto3', boto3.__version__)")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    /** Lambda's classpath: target/classes + runtime dependencies, plus the Runtime Interface Client and its jars. */
    private static String lambdaClasspath() throws Exception {
        return classpath(Path.of("target", "classes"), Path.of("target", "function.classpath"));
    }

    private static String classpath(Path classes, Path file) throws Exception {
        String own = System.getProperty("java.class.path");
        if (!Files.exists(file)) {
            System.err.println("(target/function.classpath missing: using the test classpath)");
            return own;
        }
        List<String> entries = new ArrayList<>();
        entries.add(classes.toAbsolutePath().toString());
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

    private static long median(List<Sample> samples, java.util.function.ToLongFunction<Sample> field) {
        long[] sorted = samples.stream().mapToLong(field).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    private static String values(List<Sample> samples, java.util.function.ToLongFunction<Sample> field) {
        return Arrays.toString(samples.stream().mapToLong(field).toArray());
    }
}
