package io.github.crossaccountmfa.lambda;

import io.github.crossaccountmfa.aws.AwsConfigApi;
import io.github.crossaccountmfa.aws.ConfigEvaluationHistory;
import io.github.crossaccountmfa.aws.ConfigEvaluationSink;
import io.github.crossaccountmfa.aws.ConfigHistoryFetcher;
import io.github.crossaccountmfa.aws.IamRoleSource;
import io.github.crossaccountmfa.invocation.ResourceEvaluation;
import io.github.crossaccountmfa.rule.Compliance;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * SnapStart priming of the SDK path without the network: an IAM client and {@link AwsConfigApi} whose HTTP client answers from
 * memory, driven through the same adapters as production (ListRoles, ListRoleTags, GetResourceConfigHistory,
 * GetComplianceDetailsByConfigRule, PutEvaluations), so marshalling, signing and unmarshalling classes are loaded
 * before the snapshot. They use static dummy credentials; the IAM client is closed afterwards.
 */
final class CannedAws implements SdkHttpClient {
    private static final URI NOWHERE = URI.create("http://priming.invalid");
    /** The credential scope of the last request answered (its access key id and date), for the tests. */
    private static volatile String lastCredential = "";
    private static final String POLICY = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A"
            + "%22Allow%22%2C%22Principal%22%3A%7B%22AWS%22%3A%22arn%3Aaws%3Aiam%3A%3A210987654321%3Aroot%22%7D%2C%22Action"
            + "%22%3A%22sts%3AAssumeRole%22%7D%5D%7D";

    CannedAws() {
    }

    /** Runs every AWS call the rule makes against canned responses; returns the number of roles listed. */
    static long prime() {
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIAPRIMINGEXAMPLE00", "priming"));
        CannedAws http = new CannedAws();
        try (IamClient iam = IamClient.builder().httpClient(http).credentialsProvider(credentials)
                .region(Region.AWS_GLOBAL).endpointOverride(NOWHERE)
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.ADAPTIVE_V2)).build()) {
            AwsConfigApi config = AwsConfigApi.at(NOWHERE, http, credentials, Region.US_EAST_1);
            IamRoleSource roles = new IamRoleSource(iam);
            long listed = roles.forEachRole(role -> roles.tags(role));
            Instant time = Instant.parse("2024-03-01T10:05:12.345Z");
            new ConfigHistoryFetcher(config).fetch("AWS::IAM::Role", "AROAPRIMINGROLE00001", time);
            new ConfigEvaluationHistory(config).forEachResult("priming", result -> { });
            new ConfigEvaluationSink(config, ConfigEvaluationSink.Retry.DEFAULT, d -> { })
                    .put("TESTMODE", List.of(new ResourceEvaluation("AWS::IAM::Role", "AROAPRIMINGROLE00001",
                            Compliance.NON_COMPLIANT, "priming", time)));
            return listed;
        }
    }

    /** The access key id that signed the last request answered from memory ("" if none was signed). */
    static String lastCredential() {
        return lastCredential;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                request.httpRequest().firstMatchingHeader("Authorization").ifPresent(a -> lastCredential =
                        a.replaceAll(".*Credential=([^/]+)/.*", "$1"));
                byte[] body = answer(request).getBytes(StandardCharsets.UTF_8);
                boolean json = request.httpRequest().firstMatchingHeader("X-Amz-Target").isPresent();
                return HttpExecuteResponse.builder()
                        .response(SdkHttpResponse.builder().statusCode(200)
                                .putHeader("Content-Type", json ? "application/x-amz-json-1.1" : "text/xml")
                                .putHeader("Content-Length", Integer.toString(body.length))
                                .putHeader("x-amzn-RequestId", "priming").build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
                        .build();
            }

            @Override
            public void abort() {
            }
        };
    }

    private static String answer(HttpExecuteRequest request) {
        String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
        if (target.endsWith("PutEvaluations")) {
            return "{\"FailedEvaluations\":[]}";
        }
        if (target.endsWith("GetComplianceDetailsByConfigRule")) {
            return "{\"EvaluationResults\":[{\"EvaluationResultIdentifier\":{\"EvaluationResultQualifier\":"
                    + "{\"ConfigRuleName\":\"priming\",\"ResourceType\":\"AWS::IAM::Role\",\"ResourceId\":"
                    + "\"AROAPRIMINGROLE00001\"},\"OrderingTimestamp\":1709287512.345},\"ComplianceType\":\"COMPLIANT\"}]}";
        }
        if (target.endsWith("GetResourceConfigHistory")) {
            return "{\"configurationItems\":[{\"configurationItemCaptureTime\":1709287512.345,"
                    + "\"configurationItemStatus\":\"OK\",\"arn\":\"arn:aws:iam::123456789012:role/priming\","
                    + "\"resourceType\":\"AWS::IAM::Role\",\"resourceId\":\"AROAPRIMINGROLE00001\",\"resourceName\":"
                    + "\"priming\",\"tags\":{},\"configuration\":\"{\\\"path\\\":\\\"/\\\",\\\"roleName\\\":\\\"priming\\\","
                    + "\\\"assumeRolePolicyDocument\\\":\\\"" + POLICY + "\\\",\\\"tags\\\":[]}\"}]}";
        }
        String form = body(request);
        if (form.contains("Action=ListRoleTags")) {
            return "<ListRoleTagsResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ListRoleTagsResult>"
                    + "<IsTruncated>false</IsTruncated><Tags><member><Key>owner</Key><Value>priming</Value></member>"
                    + "</Tags></ListRoleTagsResult></ListRoleTagsResponse>";
        }
        return "<ListRolesResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ListRolesResult>"
                + "<IsTruncated>false</IsTruncated><Roles><member><Path>/</Path><RoleName>priming</RoleName>"
                + "<RoleId>AROAPRIMINGROLE00001</RoleId><Arn>arn:aws:iam::123456789012:role/priming</Arn>"
                + "<CreateDate>2024-03-01T10:00:00Z</CreateDate><AssumeRolePolicyDocument>" + POLICY
                + "</AssumeRolePolicyDocument></member></Roles></ListRolesResult></ListRolesResponse>";
    }

    private static String body(HttpExecuteRequest request) {
        return request.contentStreamProvider().map(provider -> {
            try (InputStream in = provider.newStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).orElse("");
    }

    @Override
    public String clientName() {
        return "CannedAws";
    }

    @Override
    public void close() {
    }
}
