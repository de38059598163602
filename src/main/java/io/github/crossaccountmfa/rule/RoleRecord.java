package io.github.crossaccountmfa.rule;

import java.util.Map;
import java.util.Optional;

/**
 * An IAM role as AWS Config or {@code ListRoles} describes it.
 *
 * @param name                role name
 * @param id                  role id ({@code AROA…}), AWS Config's resource id
 * @param arn                 role ARN
 * @param path                role path ({@code /aws-service-role/…} for service-linked roles)
 * @param trustPolicyDocument the trust policy, raw or URL-encoded
 * @param tags                the role's tags when already known (a configuration item has them; ListRoles does not)
 */
public record RoleRecord(String name, String id, String arn, String path, String trustPolicyDocument,
                         Optional<Map<String, String>> tags) {

    public RoleRecord {
        tags = tags.map(Map::copyOf);
    }

    public boolean serviceLinked() {
        return path.startsWith("/aws-service-role/");
    }
}
