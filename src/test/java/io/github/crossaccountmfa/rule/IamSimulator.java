package io.github.crossaccountmfa.rule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The independent simulator, {@code @cloud-copilot/iam-simulate} under node: installed from
 * {@code src/test/node/package-lock.json} into {@code target/iam-simulate} with {@code npm ci}, then one long-lived
 * {@code node simulate.mjs} process that answers one JSON line per (policy, request) line, in order. The process
 * ends when its input closes; {@link #close} closes it and kills it if it has not ended.
 */
final class IamSimulator implements AutoCloseable {
    static final Path SOURCES = Path.of("src", "test", "node");
    static final Path INSTALL = Path.of("target", "iam-simulate");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The simulator's answer: a decision (and the context keys it ignored), or its error message. */
    record Answer(RequestEvaluator.Decision decision, List<String> ignoredKeys, String error) {
    }

    private final Process process;
    private final BufferedWriter in;
    private final BufferedReader out;

    private IamSimulator(Process process) {
        this.process = process;
        this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Installs the pinned simulator (once per {@code target/}) and starts it. */
    static IamSimulator start() throws IOException, InterruptedException {
        install();
        ProcessBuilder builder = new ProcessBuilder("node", "simulate.mjs").directory(INSTALL.toFile())
                .redirectError(INSTALL.resolve("simulate.stderr").toFile());
        return new IamSimulator(launch(builder));
    }

    /** Starts a node tool, saying which one is missing rather than the JDK's "error=2". */
    private static Process launch(ProcessBuilder builder) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new IllegalStateException(builder.command().get(0) + " could not be started: the differential "
                    + "test needs node and npm on PATH (README, prerequisites)", e);
        }
    }

    private static void install() throws IOException, InterruptedException {
        Files.createDirectories(INSTALL);
        for (String file : List.of("package.json", "package-lock.json", "simulate.mjs")) {
            Files.copy(SOURCES.resolve(file), INSTALL.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        // Installed once per target/: again only when the lockfile changed since.
        Path installedLock = INSTALL.resolve("installed-package-lock.json");
        if (Files.exists(installedLock)
                && Files.mismatch(installedLock, SOURCES.resolve("package-lock.json")) == -1) {
            return;
        }
        Process npm = launch(new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--prefix", ".")
                .directory(INSTALL.toFile()).redirectErrorStream(true)
                .redirectOutput(INSTALL.resolve("npm-ci.log").toFile()));
        // npm's own network timeouts bound it; this bound only stops a hung installer.
        if (!npm.waitFor(10, TimeUnit.MINUTES)) {
            npm.destroyForcibly();
            throw new IllegalStateException("npm ci did not finish; see " + INSTALL.resolve("npm-ci.log"));
        }
        if (npm.exitValue() != 0) {
            throw new IllegalStateException("npm ci failed (exit " + npm.exitValue() + "): "
                    + Files.readString(INSTALL.resolve("npm-ci.log")));
        }
        Files.copy(SOURCES.resolve("package-lock.json"), installedLock, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Asks for the decisions of many cases: a writer thread feeds the process while this thread reads, so neither
     * pipe fills up.
     */
    List<Answer> decide(List<RequestGenerator.Case> cases) throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>(cases.size());
        for (RequestGenerator.Case c : cases) {
            lines.add(line(c));
        }
        Thread writer = new Thread(() -> {
            try {
                for (String line : lines) {
                    in.write(line);
                    in.write('\n');
                }
                in.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "iam-simulate-writer");
        writer.setDaemon(true);
        writer.start();
        // A bound that only stops a hung simulator: far more than a second per hundred cases.
        Thread watchdog = Thread.ofVirtual().unstarted(() -> {
            try {
                Thread.sleep(60_000L + cases.size() * 50L);
                process.destroyForcibly();
            } catch (InterruptedException e) {
                // the answers came in time
            }
        });
        watchdog.start();
        List<Answer> answers = new ArrayList<>(cases.size());
        try {
            readAnswers(cases.size(), answers);
        } finally {
            watchdog.interrupt();
        }
        writer.join();
        return answers;
    }

    private void readAnswers(int count, List<Answer> answers) throws IOException {
        for (int i = 0; i < count; i++) {
            String line = out.readLine();
            if (line == null) {
                throw new IllegalStateException("the simulator stopped after " + i + " answers; see "
                        + INSTALL.resolve("simulate.stderr"));
            }
            answers.add(answer(JSON.readTree(line)));
        }
    }

    /** The simulator's request: the trust policy, the caller's ARN, and every context key, derived ones included. */
    static String line(RequestGenerator.Case c) throws IOException {
        Request request = c.request();
        ObjectNode line = JSON.createObjectNode();
        line.set("policy", JSON.readTree(c.policy()));
        line.put("principal", request.callerArn());
        line.put("role", RequestGenerator.ROLE_ARN);
        line.put("roleAccount", RequestGenerator.ROLE_ACCOUNT);
        ObjectNode context = line.putObject("context");
        context.put("aws:PrincipalArn", request.principalArn());
        context.put("aws:PrincipalAccount", request.account());
        context.put("aws:PrincipalType", request.caller().principalType());
        if (request.type() == Request.CallerType.USER) {
            context.put("aws:username", request.caller().name());
        }
        context.put("aws:PrincipalIsAWSService", "false");
        for (Map.Entry<String, List<String>> entry : request.context().entrySet()) {
            if (RequestGenerator.multivalued(entry.getKey())) {
                entry.getValue().forEach(context.putArray(entry.getKey())::add);
            } else {
                context.put(entry.getKey(), entry.getValue().get(0));
            }
        }
        return JSON.writeValueAsString(line);
    }

    private static Answer answer(JsonNode node) {
        if (node.has("error")) {
            return new Answer(null, List.of(), node.get("error").asText());
        }
        RequestEvaluator.Decision decision = switch (node.path("result").asText()) {
            case "Allowed" -> RequestEvaluator.Decision.ALLOW;
            case "ExplicitlyDenied" -> RequestEvaluator.Decision.EXPLICIT_DENY;
            case "ImplicitlyDenied" -> RequestEvaluator.Decision.IMPLICIT_DENY;
            default -> throw new IllegalStateException("unknown simulator result: " + node);
        };
        List<String> ignored = new ArrayList<>();
        node.path("ignored").forEach(k -> ignored.add(k.asText()));
        return new Answer(decision, List.copyOf(ignored), null);
    }

    @Override
    public void close() throws InterruptedException {
        try {
            in.close();
        } catch (IOException e) {
            // the process is gone already
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
