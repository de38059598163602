package io.github.crossaccountmfa.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The function as Lambda runs it: a {@code java} process running the AWS Lambda Java Runtime Interface Client
 * ({@code com.amazonaws.services.lambda.runtime.api.client.AWSLambda <handler>}) against a Runtime API, with a
 * clean environment (only the variables given, plus PATH and a private HOME).
 */
public final class LambdaProcess implements AutoCloseable {
    public static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    private static final Pattern HANDLER = Pattern.compile("(?m)^\\s*Handler:\\s*['\"]?([\\w.$]+::\\w+)['\"]?\\s*$");

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private LambdaProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Starts the runtime.
     *
     * @param classpath   the function's classpath (with the Runtime Interface Client on it)
     * @param handler     the handler string
     * @param jvmOptions  e.g. {@code -XX:TieredStopAtLevel=1}
     * @param environment the process environment besides PATH and HOME
     */
    public static LambdaProcess start(String classpath, String handler, List<String> jvmOptions,
                                      Map<String, String> environment) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(RIC_MAIN);
        command.add(handler);
        return startCommand(command, environment);
    }

    /** Any runtime (the benchmark's Python peer): {@code command} with {@code environment} besides PATH and HOME. */
    public static LambdaProcess startCommand(List<String> command, Map<String, String> environment)
            throws IOException {
        Path dir = Files.createTempDirectory("lambda-process");
        Path stdout = dir.resolve("stdout.log");
        Path stderr = dir.resolve("stderr.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        Map<String, String> env = builder.environment();
        String path = env.get("PATH");
        env.clear();
        env.put("PATH", path == null ? "/usr/bin:/bin" : path);
        env.put("HOME", dir.toString());
        env.put("LANG", "C.UTF-8");
        env.putAll(environment);
        return new LambdaProcess(builder.start(), stdout, stderr);
    }

    /** The handler string from {@code template.yaml} when the file names one for ConfigRuleHandler, else the fallback. */
    public static String handlerFromTemplate(Path template, String fallback) {
        if (!Files.exists(template)) {
            return fallback;
        }
        try {
            Matcher m = HANDLER.matcher(Files.readString(template, StandardCharsets.UTF_8));
            while (m.find()) {
                if (m.group(1).contains("ConfigRuleHandler")) {
                    return m.group(1);
                }
            }
            return fallback;
        } catch (IOException e) {
            return fallback;
        }
    }

    /** The environment of a Lambda function pointed at local endpoints, with dummy credentials. */
    public static Map<String, String> environment(String runtimeApi, Optional<String> iamEndpoint, String configEndpoint) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "AKIARUNTIMETESTKEY01");
        env.put("AWS_SECRET_ACCESS_KEY", "runtime-test-secret-key-do-not-log");
        env.put("AWS_SESSION_TOKEN", "runtime-test-session-token-do-not-log");
        env.put("AWS_LAMBDA_FUNCTION_NAME", "cross-account-mfa-rule");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/cross-account-mfa-rule");
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2024/03/01/[$LATEST]0123456789abcdef");
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java25");
        env.put("AWS_ENDPOINT_URL_CONFIG_SERVICE", configEndpoint);
        iamEndpoint.ifPresent(endpoint -> {
            env.put("AWS_ENDPOINT_URL_IAM", endpoint);
            env.put("AWS_ENDPOINT_URL_STS", endpoint);
        });
        env.put("TZ", ":UTC");
        return env;
    }

    /** CPU time the process has used so far (user + system), in milliseconds; -1 if the OS does not say. */
    public long cpuMillis() {
        return process.info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(-1L);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String stdout() throws IOException {
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    public String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
