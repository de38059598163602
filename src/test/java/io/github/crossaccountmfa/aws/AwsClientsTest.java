package io.github.crossaccountmfa.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

class AwsClientsTest {
    private static Map<String, String> lambda() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_LAMBDA_FUNCTION_NAME", "cross-account-mfa-rule");
        env.put("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEKEY000001");
        env.put("AWS_SECRET_ACCESS_KEY", "secret");
        env.put("AWS_SESSION_TOKEN", "token");
        env.put("AWS_REGION", "eu-west-1");
        return env;
    }

    @Test
    void aLambdaEnvironmentWithItsCredentialVariablesGivesTheFunctionsRegion() {
        assertThat(AwsClients.lambdaRegion(lambda())).contains(Region.EU_WEST_1);
    }

    @Test
    void withoutAnyOfTheVariablesTheDefaultChainsAreUsed() {
        for (String name : lambda().keySet()) {
            Map<String, String> env = lambda();
            env.remove(name);
            assertThat(AwsClients.lambdaRegion(env)).as("without %s", name).isEmpty();
            env.put(name, " ");
            assertThat(AwsClients.lambdaRegion(env)).as("with a blank %s", name).isEmpty();
        }
    }

    @Test
    void outsideLambdaTheDefaultChainsAreUsedEvenWithCredentialVariables() {
        Map<String, String> env = lambda();
        env.remove("AWS_LAMBDA_FUNCTION_NAME");
        assertThat(AwsClients.lambdaRegion(env)).isEmpty();
    }

    @Test
    void underSnapStartTheDefaultChainsAreUsed() {
        Map<String, String> env = lambda();
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
        assertThat(AwsClients.lambdaRegion(env)).isEmpty();
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        assertThat(AwsClients.lambdaRegion(env)).contains(Region.EU_WEST_1);
    }
}
