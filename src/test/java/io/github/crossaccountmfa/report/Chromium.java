package io.github.crossaccountmfa.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Debian's headless Chromium for tests: {@link #dumpDom} runs {@code --dump-dom} once; {@link #launch} starts a
 * browser and drives its page through the DevTools protocol ({@code Runtime.evaluate}, screenshots) over
 * {@link java.net.http.WebSocket}. Every wait is bounded; {@link #close} kills the browser and its children.
 * A missing Chromium is an error that says how to install it, never a skipped test.
 */
public final class Chromium implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path userData;
    private final Path log;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private WebSocket socket;

    private Chromium(Process process, Path userData, Path log) {
        this.process = process;
        this.userData = userData;
        this.log = log;
    }

    /** {@code $CHROMIUM}, or Debian's {@code /usr/bin/chromium}; fails with instructions when absent. */
    public static Path executable() {
        String configured = System.getenv("CHROMIUM");
        Path path = Path.of(configured == null || configured.isBlank() ? "/usr/bin/chromium" : configured);
        if (!Files.isExecutable(path)) {
            throw new AssertionError("Chromium is required for the HTML report browser tests but " + path
                    + " is not an executable. Install Debian's package (as root: apt-get install -y chromium; "
                    + ".ci/run does it when missing) or set CHROMIUM to a Chromium/Chrome binary.");
        }
        return path;
    }

    private static List<String> command(Path userData, String... extra) {
        List<String> command = new ArrayList<>(List.of(executable().toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--disable-extensions",
                "--hide-scrollbars", "--mute-audio", "--user-data-dir=" + userData));
        command.addAll(List.of(extra));
        return command;
    }

    /** The DOM of {@code page} after its scripts ran ({@code --dump-dom}). */
    public static String dumpDom(Path page) throws IOException, InterruptedException {
        Path userData = Files.createTempDirectory("chromium-profile");
        Path out = Files.createTempFile("chromium-dom", ".html");
        Path err = Files.createTempFile("chromium-dom", ".log");
        Process process = new ProcessBuilder(command(userData, "--dump-dom", page.toUri().toString()))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("chromium --dump-dom did not finish within " + TIMEOUT + "; log:\n"
                        + Files.readString(err));
            }
            String dom = Files.readString(out, StandardCharsets.UTF_8);
            if (process.exitValue() != 0 || dom.isBlank()) {
                throw new AssertionError("chromium --dump-dom failed (exit " + process.exitValue() + "); log:\n"
                        + Files.readString(err));
            }
            return dom;
        } finally {
            kill(process);
            deleteTree(userData);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Starts a headless browser with a {@code width}×{@code height} window and attaches to its page. */
    public static Chromium launch(int width, int height) throws IOException, InterruptedException {
        Path userData = Files.createTempDirectory("chromium-profile");
        Path log = Files.createTempFile("chromium", ".log");
        Process process = new ProcessBuilder(command(userData, "--remote-debugging-port=0",
                "--remote-debugging-address=127.0.0.1", "--window-size=" + width + "," + height, "about:blank"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Chromium browser = new Chromium(process, userData, log);
        try {
            int port = browser.awaitDevToolsPort();
            browser.connect(browser.pageWebSocket(port));
            browser.send("Page.enable", JSON.createObjectNode());
            browser.send("Runtime.enable", JSON.createObjectNode());
            return browser;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            browser.close();
            throw e;
        }
    }

    private int awaitDevToolsPort() throws IOException, InterruptedException {
        Path portFile = userData.resolve("DevToolsActivePort");
        await("a DevToolsActivePort file", () -> {
            try {
                return Files.exists(portFile) && !Files.readAllLines(portFile).isEmpty();
            } catch (IOException e) {
                return false;
            }
        });
        return Integer.parseInt(Files.readAllLines(portFile).get(0).strip());
    }

    private String pageWebSocket(int port) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String[] url = new String[1];
        await("a page target", () -> {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/json/list")).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                for (JsonNode target : JSON.readTree(response.body())) {
                    if ("page".equals(target.path("type").asText()) && target.has("webSocketDebuggerUrl")) {
                        url[0] = target.get("webSocketDebuggerUrl").asText();
                        return true;
                    }
                }
                return false;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        return url[0];
    }

    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new AssertionError("chromium exited with status " + process.exitValue() + " while waiting for "
                        + what + "; log:\n" + logText());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("chromium: no " + what + " within " + TIMEOUT + "; log:\n" + logText());
            }
            Thread.sleep(100);
        }
    }

    private void connect(String url) {
        StringBuilder partial = new StringBuilder();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    receive(partial.toString());
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                pending.values().forEach(f -> f.completeExceptionally(error));
            }
        };
        socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(url), listener).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    private void receive(String message) {
        try {
            JsonNode node = JSON.readTree(message);
            if (node.has("id")) {
                CompletableFuture<JsonNode> future = pending.remove(node.get("id").asInt());
                if (future != null) {
                    future.complete(node);
                }
            }
        } catch (IOException e) {
            pending.values().forEach(f -> f.completeExceptionally(e));
        }
    }

    /** Sends one DevTools command and returns its {@code result}. */
    public JsonNode send(String method, ObjectNode params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> future = new CompletableFuture<>();
        pending.put(id, future);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        socket.sendText(message.toString(), true).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
        JsonNode response = future.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
        if (response.has("error")) {
            throw new IllegalStateException(method + " failed: " + response.get("error"));
        }
        return response.path("result");
    }

    /** Evaluates {@code expression} in the page and returns its value (JSON); a thrown exception fails. */
    public JsonNode evaluate(String expression) {
        ObjectNode params = JSON.createObjectNode().put("expression", expression).put("returnByValue", true)
                .put("awaitPromise", true);
        JsonNode result = send("Runtime.evaluate", params);
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("page script failed: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /**
     * Loads {@code url} in a fresh document (through about:blank, so that a URL differing only in its fragment is
     * loaded anew too) and waits until the report's script says it is ready.
     */
    public void open(URI url) throws InterruptedException {
        send("Page.navigate", JSON.createObjectNode().put("url", "about:blank"));
        await("about:blank", () -> evaluate("location.href === 'about:blank' && document.readyState === 'complete'").asBoolean());
        send("Page.navigate", JSON.createObjectNode().put("url", url.toString()));
        await("report ready at " + url, () -> evaluate("location.href !== 'about:blank' && document.readyState === 'complete'"
                + " && document.documentElement.dataset.ready === 'true'").asBoolean());
    }

    /** A PNG of the viewport ({@code width}×{@code height} CSS pixels). */
    public byte[] screenshot(int width, int height) {
        send("Emulation.setDeviceMetricsOverride", JSON.createObjectNode().put("width", width).put("height", height)
                .put("deviceScaleFactor", 1).put("mobile", false));
        JsonNode result = send("Page.captureScreenshot", JSON.createObjectNode().put("format", "png"));
        return Base64.getDecoder().decode(result.get("data").asText());
    }

    private String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
        kill(process);
        deleteTree(userData);
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a temp file
        }
    }

    /** Kills the process this test started and every process it started, by id. */
    private static void kill(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp directory
        }
    }
}
