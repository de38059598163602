package io.github.crossaccountmfa.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The Lambda Runtime API (version 2018-06-01) on 127.0.0.1, enough for the Runtime Interface Client: it hands out
 * queued events on {@code GET /runtime/invocation/next} and records what comes back on {@code …/response} and
 * {@code …/error}.
 */
public final class RuntimeApiServer implements AutoCloseable {
    private static final String BASE = "/2018-06-01/runtime/";

    /** What the runtime posted back for one invocation. */
    public record Outcome(String requestId, boolean success, String body, Map<String, String> headers) {
    }

    private record Pending(String requestId, String event) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "runtime-api");
        t.setDaemon(true);
        return t;
    });
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<Outcome>> outcomes = new ConcurrentHashMap<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();
    private final long deadlineMillis;
    private volatile boolean open = true;
    private volatile long firstNextNanos;

    /** @param deadlineMillis time each invocation gets (the {@code Lambda-Runtime-Deadline-Ms} header) */
    public RuntimeApiServer(long deadlineMillis) throws IOException {
        this.deadlineMillis = deadlineMillis;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext(BASE, this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** The value for {@code AWS_LAMBDA_RUNTIME_API}. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues {@code event}; the future completes when the runtime posts the response or the error. */
    public CompletableFuture<Outcome> invoke(String event) {
        String requestId = UUID.randomUUID().toString();
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        outcomes.put(requestId, outcome);
        queue.add(new Pending(requestId, event));
        return outcome;
    }

    /**
     * Delivers {@code events} one after the other to the runtime {@code lambda} and returns what it posted back; if
     * one gets no answer within {@code seconds} (a hung runtime, not a slow one), fails with the runtime's output.
     */
    public List<Outcome> deliver(List<String> events, LambdaProcess lambda, long seconds) throws IOException {
        List<Outcome> outcomes = new ArrayList<>();
        for (String event : events) {
            try {
                outcomes.add(invoke(event).get(seconds, TimeUnit.SECONDS));
            } catch (Exception e) {
                throw new AssertionError("no outcome from the runtime; init error: " + initError.getNow("none")
                        + "\nstdout:\n" + lambda.stdout() + "\nstderr:\n" + lambda.stderr(), e);
            }
        }
        return outcomes;
    }

    /** Completes if the runtime reports an initialization error. */
    public CompletableFuture<String> initError() {
        return initError;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(BASE.length());
            if (exchange.getRequestMethod().equals("GET") && path.equals("invocation/next")) {
                next(exchange);
            } else if (path.startsWith("invocation/") && (path.endsWith("/response") || path.endsWith("/error"))) {
                String requestId = path.substring("invocation/".length(), path.lastIndexOf('/'));
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Map<String, String> headers = new HashMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
                CompletableFuture<Outcome> outcome = outcomes.get(requestId);
                if (outcome != null) {
                    outcome.complete(new Outcome(requestId, path.endsWith("/response"), body, headers));
                }
                respond(exchange, 202, "{\"status\":\"OK\"}");
            } else if (path.equals("init/error")) {
                initError.complete(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                respond(exchange, 202, "{\"status\":\"OK\"}");
            } else {
                respond(exchange, 404, "{}");
            }
        }
    }

    /** {@link System#nanoTime()} when the runtime first asked for an invocation (its init was done), or 0. */
    public long firstNextNanos() {
        return firstNextNanos;
    }

    private void next(HttpExchange exchange) throws IOException {
        if (firstNextNanos == 0) {
            firstNextNanos = System.nanoTime();
        }
        Pending pending = null;
        try {
            while (open && pending == null) {
                pending = queue.poll(200, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (pending == null) {
            respond(exchange, 500, "{\"errorMessage\":\"shutting down\"}");
            return;
        }
        exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", pending.requestId());
        exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms",
                Long.toString(System.currentTimeMillis() + deadlineMillis));
        exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn",
                "arn:aws:lambda:us-east-1:123456789012:function:cross-account-mfa-rule");
        exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id",
                "Root=1-65e1a8d0-0123456789abcdef01234567;Parent=0123456789abcdef;Sampled=0");
        respond(exchange, 200, pending.event());
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        open = false;
        server.stop(0);
        executor.shutdownNow();
    }
}
