package io.github.crossaccountmfa.remediation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.crossaccountmfa.aws.AwsClients;
import io.github.crossaccountmfa.testing.AwsTestEnvironment;
import io.github.crossaccountmfa.testing.MotoServer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/** Roles in the moto IAM for remediation tests, and their trust policies read back as JSON trees. */
final class IamRoles {
    /** moto's account. */
    static final String ACCOUNT = "123456789012";
    static final String PARTNER = "arn:aws:iam::222222222222:root";

    /** A third party without MFA: NON_COMPLIANT. */
    static final String OFFENDING = """
            {"Version":"2012-10-17","Statement":[{"Sid":"Partner","Effect":"Allow",
             "Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"sts:AssumeRole",
             "Condition":{"StringEquals":{"sts:ExternalId":"partner-4711"}}}]}""";
    /** The own account, a service and a third party in one statement: the third party must be split off. */
    static final String SPLIT_NEEDED = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
             "Principal":{"AWS":["arn:aws:iam::123456789012:root","arn:aws:iam::222222222222:root"],
                          "Service":"ec2.amazonaws.com"},
             "Action":"sts:AssumeRole"}]}""";
    /** A third party that needs MFA already. */
    static final String COMPLIANT = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
             "Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"sts:AssumeRole",
             "Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}""";

    private static final ObjectMapper JSON = new ObjectMapper();

    final IamClient iam;
    final AwsClients clients;

    private IamRoles(AwsClients clients) {
        this.clients = clients;
        this.iam = clients.iam();
    }

    /** A fresh moto (every resource forgotten) and clients that reach it. */
    static IamRoles fresh() {
        MotoServer.reset();
        AwsTestEnvironment.use(MotoServer.endpoint(), "http://127.0.0.1:1");
        System.setProperty("aws.endpointUrlSns", MotoServer.endpoint());
        return new IamRoles(AwsClients.fromEnvironment(Optional.empty()));
    }

    /** Creates a role and returns its id. */
    String create(String name, String trustPolicy) {
        return iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(trustPolicy)).role().roleId();
    }

    String createTagged(String name, String trustPolicy, String tagKey, String tagValue) {
        return iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(trustPolicy)
                .tags(Tag.builder().key(tagKey).value(tagValue).build())).role().roleId();
    }

    /** The role's trust policy as IAM returns it now, URL-decoded and parsed. */
    JsonNode trustPolicy(String name) {
        Role role = iam.getRole(r -> r.roleName(name)).role();
        return tree(URLDecoder.decode(role.assumeRolePolicyDocument(), StandardCharsets.UTF_8));
    }

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}
