package io.github.crossaccountmfa.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.crossaccountmfa.rule.RoleRecord;
import io.github.crossaccountmfa.testing.AwsTestEnvironment;
import io.github.crossaccountmfa.testing.MotoServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.iam.IamClient;

@Tag("moto")
@ExtendWith(MotoServer.class)
class IamRoleSourceTest {
    private static final String TRUST = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
            "Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"sts:AssumeRole"}]}""";

    private IamClient iam;

    @BeforeEach
    void setUp() {
        MotoServer.reset();
        AwsTestEnvironment.use(MotoServer.endpoint(), "http://127.0.0.1:1");
        iam = AwsClients.fromEnvironment(Optional.empty()).iam();
    }

    @Test
    void listsRolesWithTheirUrlEncodedTrustPolicyAndLooksTagsUpOnDemand() {
        iam.createRole(r -> r.roleName("partner").assumeRolePolicyDocument(TRUST)
                .tags(t -> t.key("mfa-exempt").value("vendor automation")));
        iam.createRole(r -> r.roleName("other").path("/team/").assumeRolePolicyDocument(TRUST));
        IamRoleSource source = new IamRoleSource(iam);

        List<RoleRecord> roles = new ArrayList<>();
        long count = source.forEachRole(roles::add);

        assertThat(count).isEqualTo(2);
        assertThat(roles).extracting(RoleRecord::name).containsExactlyInAnyOrder("partner", "other");
        RoleRecord partner = roles.stream().filter(r -> r.name().equals("partner")).findFirst().orElseThrow();
        assertThat(partner.id()).startsWith("AROA");
        assertThat(partner.trustPolicyDocument()).contains("222222222222");
        assertThat(partner.tags()).isEmpty();
        assertThat(source.tags(partner)).hasValueSatisfying(tags ->
                assertThat(tags).containsEntry("mfa-exempt", "vendor automation"));
    }

    @Test
    void aRoleDeletedAfterItWasListedHasNoTagsRatherThanAnError() {
        iam.createRole(r -> r.roleName("short-lived").assumeRolePolicyDocument(TRUST));
        IamRoleSource source = new IamRoleSource(iam);
        List<RoleRecord> roles = new ArrayList<>();
        source.forEachRole(roles::add);
        iam.deleteRole(r -> r.roleName("short-lived"));

        assertThat(source.tags(roles.get(0))).as("ListRoleTags answers NoSuchEntity").isEmpty();
    }
}
