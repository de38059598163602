package io.github.crossaccountmfa.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountmfa.bench.FakeAwsEndpoint;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The functions' package holds only what they use: {@code target/function.classpath} is what the build's
 * maven-dependency-plugin configuration (the same one {@code sam build}'s {@code dependency:copy-dependencies}
 * applies) puts beside the classes, and the handler runs under the real Runtime Interface Client on exactly that.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class FunctionPackageTest {
    /** pom.xml's function.excludedArtifactIds, as jar name prefixes. */
    private static final List<String> CLI_ONLY = List.of("picocli-", "snakeyaml-", "jackson-dataformat-toml-",
            "rewrite-hcl-", "antlr4-runtime-", "sso-", "ssooidc-", "commons-csv-");

    private static List<String> functionJars() throws Exception {
        Path file = Path.of("target", "function.classpath");
        assertThat(file).as("written by the build (generate-test-resources)").exists();
        return Arrays.asList(Files.readString(file, StandardCharsets.UTF_8).strip().split(File.pathSeparator));
    }

    private static List<String> names(List<String> jars) {
        return jars.stream().map(jar -> Path.of(jar).getFileName().toString()).toList();
    }

    @Test
    void theFunctionsClassPathLeavesOutTheCliOnlyLibrariesAndLog4jAndTheEventsLibrary() throws Exception {
        List<String> names = names(functionJars());

        assertThat(names).noneMatch(name -> CLI_ONLY.stream().anyMatch(name::startsWith));
        assertThat(names).noneMatch(name -> name.startsWith("log4j") || name.startsWith("aws-lambda-java-events")
                || name.startsWith("joda-time") || name.startsWith("aws-lambda-java-runtime-interface-client"));
        assertThat(names).anyMatch(name -> name.startsWith("config-")).anyMatch(name -> name.startsWith("iam-"))
                .anyMatch(name -> name.startsWith("jackson-databind-")).anyMatch(name -> name.startsWith("slf4j-api-"));
    }

    @Test
    void handlerRunsUnderTheRuntimeInterfaceClientOnTheFunctionsClassPathAlone() throws Exception {
        List<String> classpath = new ArrayList<>();
        classpath.add(Path.of("target", "classes").toAbsolutePath().toString());
        classpath.addAll(functionJars());
        // The runtime's own jars: Lambda provides them, the package does not.
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("aws-lambda-java-runtime-interface-client")
                    || name.startsWith("aws-lambda-java-serialization")) {
                classpath.add(entry);
            }
        }
        String handler = LambdaProcess.handlerFromTemplate(Path.of("template.yaml"), ConfigRuleHandler.HANDLER);
        String change = Events.withEnvelope("change-noncompliant.json", e -> e.put("resultToken", "package-token"));
        String scheduled = Events.withEnvelope("scheduled.json", e -> e.put("resultToken", "package-token"));
        try (FakeAwsEndpoint aws = new FakeAwsEndpoint(250, 0);
             RuntimeApiServer runtime = new RuntimeApiServer(600_000);
             LambdaProcess lambda = LambdaProcess.start(String.join(File.pathSeparator, classpath), handler,
                     List.of("-Xmx256m"),
                     LambdaProcess.environment(runtime.address(), Optional.of(aws.endpoint()), aws.endpoint()))) {
            List<RuntimeApiServer.Outcome> outcomes = runtime.deliver(List.of(change, scheduled), lambda, 60);

            assertThat(outcomes).allSatisfy(o -> assertThat(o.success()).as(o.body()).isTrue());
            assertThat(aws.calls("PutEvaluations")).as("one for the change, three batches for 250 roles").isEqualTo(4);
            assertThat(lambda.stderr()).doesNotContain("Exception", "SLF4J");
            assertThat(lambda.stdout()).contains("\"messageType\":\"ScheduledNotification\"");
        }
    }
}
