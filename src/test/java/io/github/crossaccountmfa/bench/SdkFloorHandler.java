package io.github.crossaccountmfa.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.ComplianceType;
import software.amazon.awssdk.services.config.model.Evaluation;

/**
 * The cold-start floor of the AWS SDK alone, for {@link ColdStartBenchmark} (as its baseline): no parse, no verdict,
 * no logging; the smallest Config client (URLConnection HTTP client, credentials and region from Lambda's variables,
 * the SDK's defaults otherwise) and one fixed {@code PutEvaluations}. Not the function: what any Java function using
 * SDK v2 for this call pays.
 */
public final class SdkFloorHandler implements RequestStreamHandler {
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.readAllBytes();
        try (ConfigClient config = ConfigClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                .region(Region.of(System.getenv("AWS_REGION")))
                .build()) {
            config.putEvaluations(r -> r.resultToken("cold-start-token").evaluations(Evaluation.builder()
                    .complianceResourceType("AWS::IAM::Role").complianceResourceId("AROAFLOOR")
                    .complianceType(ComplianceType.NON_COMPLIANT).orderingTimestamp(Instant.now()).build()));
        }
    }
}
