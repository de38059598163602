package io.github.crossaccountmfa.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A small HTTP proxy on 127.0.0.1 in front of a local server (moto), counting the requests in flight. It forwards
 * each request byte for byte — header values untouched, so SigV4 signatures still verify (WireMock's proxy
 * rewrites {@code charset=utf-8} as {@code UTF-8} in Content-Type, which breaks them). A {@link Hook} sees each
 * request first and may answer it itself or hold it. Bounded: a fixed thread pool, every socket with a timeout.
 */
public final class CountingProxy implements AutoCloseable {
    private static final int TIMEOUT_MILLIS = 30_000;

    /** A request as it arrived. */
    public record Request(String method, String path, Map<String, List<String>> headers, String body) {
    }

    /** A response the proxy gives instead of forwarding. */
    public record Response(int status, String contentType, String body) {
    }

    /** Looks at each request before it is forwarded (on the request's thread, while it counts as in flight). */
    @FunctionalInterface
    public interface Hook {
        Optional<Response> answer(Request request);
    }

    private final URI target;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(32, r -> {
        Thread thread = new Thread(r, "counting-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Hook hook = request -> Optional.empty();

    public CountingProxy(String target) throws IOException {
        this.target = URI.create(target);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void hook(Hook hook) {
        this.hook = hook;
    }

    /** The requests in flight right now (the one asking included, when called from a hook). */
    public int inFlight() {
        return inFlight.get();
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    public int requests() {
        return requests.get();
    }

    public void resetCounts() {
        maxInFlight.set(0);
        requests.set(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            Runnable send;
            try {
                byte[] body = exchange.getRequestBody().readAllBytes();
                Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                        exchange.getRequestHeaders(), new String(body, StandardCharsets.UTF_8));
                Optional<Response> response = hook.answer(request);
                send = response.isPresent() ? answer(exchange, response.get()) : forward(exchange, body);
            } finally {
                // before the answer leaves: the client's next request must not find this one still counted
                inFlight.decrementAndGet();
            }
            send.run();
        }
    }

    private static Runnable answer(HttpExchange exchange, Response response) {
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", response.contentType());
        return () -> send(exchange, response.status(), bytes, 0, bytes.length);
    }

    private static void send(HttpExchange exchange, int status, byte[] bytes, int start, int length) {
        try {
            exchange.sendResponseHeaders(status, length == 0 ? -1 : length);
            if (length > 0) {
                exchange.getResponseBody().write(bytes, start, length);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Sends the request as it came (Connection: close) and reads the whole answer; returns how to pass it back. */
    private Runnable forward(HttpExchange exchange, byte[] body) throws IOException {
        byte[] received;
        try (Socket socket = new Socket(target.getHost(), target.getPort())) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            StringBuilder head = new StringBuilder(exchange.getRequestMethod()).append(' ')
                    .append(exchange.getRequestURI()).append(" HTTP/1.1\r\n");
            exchange.getRequestHeaders().forEach((name, values) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                if (!lower.equals("connection") && !lower.equals("content-length")) {
                    values.forEach(value -> head.append(name).append(": ").append(value).append("\r\n"));
                }
            });
            head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            received = readAll(socket.getInputStream());
        }
        byte[] answer = received;
        int headEnd = indexOf(answer, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        String[] lines = new String(answer, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        int contentLength = -1;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            String name = lines[i].substring(0, colon).trim();
            String value = lines[i].substring(colon + 1).trim();
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("content-length")) {
                contentLength = Integer.parseInt(value);
            } else if (!lower.equals("connection") && !lower.equals("transfer-encoding") && !lower.equals("date")
                    && !lower.equals("server")) {
                exchange.getResponseHeaders().add(name, value);
            }
        }
        int start = headEnd + 4;
        int length = contentLength >= 0 ? contentLength : answer.length - start;
        return () -> send(exchange, status, answer, start, length);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("no end of headers in the answer");
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
