package io.github.crossaccountmfa.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real moto server (IAM, STS) on 127.0.0.1 for integration tests, started once per test JVM and stopped when it
 * exits. Set {@code MOTO_ENDPOINT} to use a server that is already running (e.g. one started by {@code .ci/run}).
 * Use with {@code @ExtendWith(MotoServer.class)} and {@link #endpoint()}; call {@link #reset()} between tests.
 */
public final class MotoServer implements BeforeAllCallback {
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static volatile String endpoint;
    private static Process process;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    /** The server's base URL, e.g. {@code http://127.0.0.1:41234}. */
    public static String endpoint() {
        if (endpoint == null) {
            throw new IllegalStateException("MotoServer not started: annotate the test with @ExtendWith(MotoServer.class)");
        }
        return endpoint;
    }

    public static synchronized void start() throws IOException, InterruptedException {
        if (endpoint != null) {
            return;
        }
        String external = System.getenv("MOTO_ENDPOINT");
        if (external != null && !external.isBlank()) {
            endpoint = external.replaceAll("/+$", "");
            awaitReady();
            return;
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = Files.createTempFile("moto-server", ".log");
        process = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> process.destroyForcibly()));
        endpoint = "http://127.0.0.1:" + port;
        try {
            awaitReady();
        } catch (IOException e) {
            process.destroyForcibly();
            throw new IOException(e.getMessage() + "; moto_server log:\n" + Files.readString(log), e);
        }
    }

    private static void awaitReady() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        IOException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (process != null && !process.isAlive()) {
                throw new IOException("moto_server exited with status " + process.exitValue());
            }
            try {
                if (status("GET", "/moto-api/") < 500) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(200);
        }
        throw new IOException("moto_server did not answer at " + endpoint + " within " + STARTUP_TIMEOUT, last);
    }

    /** Forgets every resource (moto's reset API). */
    public static void reset() {
        try {
            int status = status("POST", "/moto-api/reset");
            if (status >= 300) {
                throw new IllegalStateException("moto reset answered HTTP " + status);
            }
        } catch (IOException e) {
            throw new IllegalStateException("moto reset failed", e);
        }
    }

    private static int status(String method, String path) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(endpoint + path).toURL().openConnection();
        connection.setRequestMethod(method);
        connection.setConnectTimeout(2000);
        connection.setReadTimeout(10000);
        try {
            return connection.getResponseCode();
        } finally {
            connection.disconnect();
        }
    }
}
