package io.github.crossaccountmfa.bench;

import io.github.crossaccountmfa.aws.AwsScanConnection;
import io.github.crossaccountmfa.cli.Main;
import io.github.crossaccountmfa.report.AccountOutcome;
import io.github.crossaccountmfa.report.AuditProgress;
import io.github.crossaccountmfa.report.JsonLines;
import io.github.crossaccountmfa.report.OrganizationAudit;
import io.github.crossaccountmfa.report.ScanConnection;
import io.github.crossaccountmfa.report.ScanReport;
import io.github.crossaccountmfa.rule.RuleParameters;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.ObjectName;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code scan --organization} of 10, 25 and 50 accounts × 200 roles against a local endpoint
 * ({@link FakeOrganizationEndpoint}, 20 ms per request, like a region's round trip), to show that time grows
 * linearly with the accounts and memory does not grow at all.
 *
 * <ul>
 *   <li><b>time</b>: the whole command ({@code Main}, JSON and HTML to a file), wall time per account, best of
 *       {@code runs}, and the process's CPU time per account (less sensitive to a loaded machine); the largest
 *       organization's figure over the smallest's is the ratio to read (1.0 = linear, below 1 = the fixed start
 *       shared by more accounts).</li>
 *   <li><b>memory</b>: the live objects (the JVM's class histogram) each time 5 more accounts have been written, while the
 *       organization audit runs with the streaming JSON report — and, as the floor it must beat, the same audit
 *       keeping every account's result until the end, as a report that is not streamed would.</li>
 * </ul>
 *
 * <pre>./mvnw -q -Porg-bench test      # -Dorg.accounts=10,25,50 -Dorg.roles=200 -Dorg.latency=20 -Dorg.concurrency=8</pre>
 */
public final class OrganizationBenchmark {
    private static final int PROBE_EVERY = 5;

    private OrganizationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (String size : (args.length > 0 ? args[0] : "10,25,50").split(",")) {
            sizes.add(Integer.parseInt(size.strip()));
        }
        int roles = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int latency = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        int runs = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                "Organization scan: %s accounts x %d roles, %d ms per request, --max-concurrency %d, heap max %d MB, "
                        + "%d cores, Java %s%n", sizes, roles, latency, concurrency,
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version")));
        report.append(String.format(Locale.ROOT, "%8s  %9s  %9s  %9s  %9s  %9s  %6s  %13s  %13s%n", "accounts",
                "json ms", "per acct", "cpu/acct", "html ms", "per acct", "flight", "live MB strm", "live MB held"));
        List<double[]> rows = new ArrayList<>();
        warmUp(sizes.stream().mapToInt(Integer::intValue).max().orElse(10), roles, latency, concurrency);
        for (int accounts : sizes) {
            try (FakeOrganizationEndpoint aws = new FakeOrganizationEndpoint(accounts, roles, latency)) {
                point(aws);
                double json = Double.MAX_VALUE;
                double cpu = Double.MAX_VALUE;
                double html = Double.MAX_VALUE;
                for (int run = 0; run < runs; run++) {
                    long cpuBefore = processCpuNanos();
                    json = Math.min(json, timeCommand("json", accounts, roles, concurrency));
                    cpu = Math.min(cpu, (processCpuNanos() - cpuBefore) / 1e6);
                    html = Math.min(html, timeCommand("html", accounts, roles, concurrency));
                }
                double streamed = liveHeapPeak(accounts, concurrency, false);
                double held = liveHeapPeak(accounts, concurrency, true);
                rows.add(new double[] {accounts, json, html, streamed, held, cpu});
                report.append(String.format(Locale.ROOT, "%8d  %9.0f  %9.1f  %9.1f  %9.0f  %9.1f  %6d  %13.1f  %13.1f%n",
                        accounts, json, json / accounts, cpu / accounts, html, html / accounts, aws.maxInFlight(),
                        streamed, held));
                if (aws.maxInFlight() > concurrency) {
                    throw new AssertionError("more requests in flight than --max-concurrency: " + aws.maxInFlight());
                }
            }
        }
        double[] first = rows.get(0);
        double[] last = rows.get(rows.size() - 1);
        report.append(String.format(Locale.ROOT, "at most 2 x %d + 1 = %d accounts' results exist at once while streaming%n",
                concurrency, 2 * concurrency + 1));
        report.append(String.format(Locale.ROOT, "largest / smallest organization (%.0f / %.0f accounts): time per account "
                        + "json %.2fx, html %.2fx, CPU per account %.2fx; live objects streamed %.2fx, held (not streamed) "
                        + "%.2fx%n", last[0], first[0], (last[1] / last[0]) / (first[1] / first[0]),
                (last[2] / last[0]) / (first[2] / first[0]), (last[5] / last[0]) / (first[5] / first[0]),
                last[3] / first[3], last[4] / first[4]));
        for (int i = 1; i < rows.size(); i++) {
            double[] a = rows.get(i - 1);
            double[] b = rows.get(i);
            report.append(String.format(Locale.ROOT, "each account added from %.0f to %.0f: json %.1f ms (CPU %.1f ms), "
                            + "html %.1f ms; live objects streamed %.2fx, held %.2fx%n", a[0], b[0],
                    (b[1] - a[1]) / (b[0] - a[0]), (b[5] - a[5]) / (b[0] - a[0]), (b[2] - a[2]) / (b[0] - a[0]),
                    b[3] / a[3], b[4] / a[4]));
        }
        System.out.print(report);
        Path out = Path.of("target", "organization-benchmark.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report, StandardCharsets.UTF_8);
    }

    private static void point(FakeOrganizationEndpoint aws) {
        System.setProperty("aws.accessKeyId", "AKIABENCHMARKKEY0001");
        System.setProperty("aws.secretAccessKey", "bench-secret");
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.endpointUrlIam", aws.endpoint());
        System.setProperty("aws.endpointUrlSts", aws.endpoint());
        System.setProperty("aws.endpointUrlOrganizations", aws.endpoint());
    }

    /** The largest organization twice in each format first, so that every size is measured with compiled code. */
    private static void warmUp(int accounts, int roles, int latency, int concurrency) throws Exception {
        try (FakeOrganizationEndpoint aws = new FakeOrganizationEndpoint(accounts, roles, latency)) {
            point(aws);
            for (int i = 0; i < 2; i++) {
                timeCommand("json", accounts, roles, concurrency);
                timeCommand("html", accounts, roles, concurrency);
            }
        }
    }

    /** Milliseconds of one {@code scan --organization}, checked for the lines it must have written. */
    private static double timeCommand(String format, int accounts, int roles, int concurrency) throws IOException {
        Path output = Files.createTempFile("organization-benchmark", "." + format);
        try {
            PrintWriter quiet = new PrintWriter(Writer.nullWriter());
            var cli = Main.commandLine();
            cli.setOut(quiet);
            cli.setErr(quiet);
            long start = System.nanoTime();
            int status = cli.execute("scan", "--organization", "--format", format, "--output", output.toString(),
                    "--max-concurrency", Integer.toString(concurrency));
            double millis = (System.nanoTime() - start) / 1e6;
            if (status != 1) {
                throw new AssertionError("scan exited " + status);
            }
            if (format.equals("json")) {
                try (var lines = Files.lines(output)) {
                    long count = lines.count();
                    if (count != (long) accounts * roles) {
                        throw new AssertionError(count + " lines for " + accounts + " x " + roles + " roles");
                    }
                }
            }
            return millis;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /**
     * The most live heap (MB, after a full GC) seen each time {@value #PROBE_EVERY} more accounts were written; with
     * {@code hold}, every account's result is also kept until the end.
     */
    private static double liveHeapPeak(int accounts, int concurrency, boolean hold) throws IOException {
        List<AccountOutcome> held = new ArrayList<>();
        long[] peak = {live()};
        Path output = Files.createTempFile("organization-benchmark", ".json");
        try (ScanConnection connection = AwsScanConnection.open(Optional.empty());
             Writer writer = Files.newBufferedWriter(output)) {
            OrganizationAudit audit = new OrganizationAudit(connection.organization("OrganizationAccountAccessRole"),
                    new OrganizationAudit.Options(List.of(), concurrency, false), Clock.systemUTC());
            OrganizationAudit.Plan plan = audit.plan(RuleParameters.DEFAULTS, "");
            try (ScanReport report = JsonLines.report(writer)) {
                int[] written = {0};
                report.finish(audit.run(plan, outcome -> {
                    report.accept(outcome);
                    if (hold) {
                        held.add(outcome);
                    }
                    if (++written[0] % PROBE_EVERY == 0) {
                        peak[0] = Math.max(peak[0], live());
                    }
                }, AuditProgress.NONE));
            }
            peak[0] = Math.max(peak[0], live());
            if (held.size() != (hold ? accounts : 0)) {
                throw new AssertionError("held " + held.size());
            }
        } finally {
            Files.deleteIfExists(output);
        }
        return peak[0] / 1048576.0;
    }

    /** CPU time of this process (the command and the local endpoint), in nanoseconds. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * Bytes of live objects: the JVM's class histogram (which collects first), without the GC's filler arrays,
     * which heap usage figures count although they hold nothing.
     */
    private static long live() {
        try {
            String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            long total = 0;
            for (String line : histogram.split("\n")) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length >= 4 && fields[0].endsWith(":") && !fields[3].contains("FillerElement")) {
                    total += Long.parseLong(fields[2]);
                }
            }
            return total;
        } catch (JMException e) {
            throw new IllegalStateException("no class histogram from the JVM", e);
        }
    }
}
