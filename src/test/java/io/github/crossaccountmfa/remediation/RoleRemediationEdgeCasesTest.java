package io.github.crossaccountmfa.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.crossaccountmfa.rule.Compliance;
import io.github.crossaccountmfa.rule.RoleRecord;
import io.github.crossaccountmfa.rule.RuleParameters;
import io.github.crossaccountmfa.rule.VerdictEngine;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link RoleRemediation} on an in-memory IAM, for the situations real IAM cannot be put in. */
class RoleRemediationEdgeCasesTest {
    private static final String ARN = "arn:aws:iam::111111111111:role/";

    /** Roles by name; {@code idsByName} lets a test make ListRoles and GetRole disagree. */
    private static final class FakeDirectory implements RoleDirectory {
        final Map<String, RoleRecord> roles = new HashMap<>();
        final Map<String, String> written = new HashMap<>();

        void put(String name, String id, String path, String policy) {
            roles.put(name, new RoleRecord(name, id, ARN + name, path, policy, Optional.of(Map.of())));
        }

        @Override
        public Optional<String> nameOf(String roleId) {
            return roles.values().stream().filter(r -> r.id().equals(roleId)).map(RoleRecord::name).findFirst();
        }

        @Override
        public List<RoleRecord> list() {
            return roles.values().stream().sorted(java.util.Comparator.comparing(RoleRecord::name)).toList();
        }

        @Override
        public Optional<RoleRecord> find(String roleName) {
            return Optional.ofNullable(roles.get(roleName));
        }

        @Override
        public void replaceTrustPolicy(String roleName, String document) {
            written.put(roleName, document);
        }
    }

    private final FakeDirectory directory = new FakeDirectory();

    private RoleRemediation remediation(Optional<Notifier> notifier) {
        return new RoleRemediation(directory, new VerdictEngine(RuleParameters.DEFAULTS), notifier);
    }

    @Test
    void roleThatWasReCreatedUnderTheSameNameIsNotTouched() {
        RoleDirectory raced = new RoleDirectory() {
            @Override
            public Optional<String> nameOf(String roleId) {
                return Optional.of("partner");
            }

            @Override
            public List<RoleRecord> list() {
                return List.of();
            }

            @Override
            public Optional<RoleRecord> find(String roleName) {
                return Optional.of(new RoleRecord("partner", "AROANEWROLE000000001", ARN + "partner", "/",
                        IamRoles.OFFENDING, Optional.of(Map.of())));
            }

            @Override
            public void replaceTrustPolicy(String roleName, String document) {
                throw new AssertionError("must not write");
            }
        };

        assertThatThrownBy(() -> new RoleRemediation(raced, new VerdictEngine(RuleParameters.DEFAULTS), Optional.empty())
                .run(new RoleSelector.ById("AROAOLDROLE000000001"), true))
                .isInstanceOf(RemediationException.class)
                .hasMessageContaining("deleted and re-created");
    }

    @Test
    void unparseableTrustPolicyIsReportedAndNeverRewritten() {
        directory.put("broken", "AROABROKEN0000000001", "/", "{\"Version\":\"2012-10-17\",\"Statement\":[]}");

        assertThatThrownBy(() -> remediation(Optional.empty()).run(new RoleSelector.ByName("broken"), true))
                .isInstanceOf(RemediationException.class)
                .hasMessageContaining("cannot be parsed")
                .hasMessageContaining("Nothing was changed");
        assertThat(directory.written).isEmpty();
    }

    @Test
    void serviceLinkedRoleIsNotApplicableAndUnchanged() {
        directory.put("AWSServiceRoleForX", "AROASERVICE000000001", "/aws-service-role/x.amazonaws.com/",
                IamRoles.OFFENDING);

        RemediationReport report = remediation(Optional.empty()).run(new RoleSelector.ByName("AWSServiceRoleForX"), true);

        assertThat(report.before().compliance()).isEqualTo(Compliance.NOT_APPLICABLE);
        assertThat(report.changed()).isFalse();
        assertThat(directory.written).isEmpty();
    }

    @Test
    void failedNoticeAfterApplyingSaysThatThePolicyWasUpdated() {
        directory.put("partner", "AROAPARTNER000000001", "/", IamRoles.OFFENDING);
        Notifier broken = (subject, body) -> {
            throw new RemediationException("sns:Publish to arn:aws:sns:us-east-1:111111111111:t failed: denied");
        };

        assertThatThrownBy(() -> remediation(Optional.of(broken)).run(new RoleSelector.ByName("partner"), true))
                .isInstanceOf(RemediationException.class)
                .hasMessageContaining("WAS updated")
                .hasMessageContaining("denied");
        assertThat(directory.written).containsKey("partner");
    }

    @Test
    void urlEncodedTrustPolicyIsReportedDecoded() {
        directory.put("encoded", "AROAENCODED000000001", "/",
                java.net.URLEncoder.encode(IamRoles.OFFENDING, java.nio.charset.StandardCharsets.UTF_8));

        RemediationReport report = remediation(Optional.empty()).run(new RoleSelector.ByName("encoded"), false);

        assertThat(IamRoles.tree(report.currentPolicy())).isEqualTo(IamRoles.tree(IamRoles.OFFENDING));
        assertThat(report.proposedPolicy()).isPresent();
    }
}
