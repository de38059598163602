package io.github.crossaccountmfa.template;

import io.github.crossaccountmfa.rule.RoleContext;
import java.util.Map;

/**
 * An IAM role that a template or plan declares.
 *
 * @param resource the logical id (CloudFormation; {@code Parent/Child} inside a StackSet or nested stack) or the
 *                 resource address (Terraform)
 * @param line     the 1-based line of the resource's declaration in the file
 * @param policy   its trust policy
 * @param tags     its tags, for the rule's exemption tag
 * @param context  the account it is deployed to (a StackSet's roles: each target account, unknown)
 */
record DeclaredRole(String resource, int line, PolicySource policy, Map<String, String> tags, RoleContext context) {
    DeclaredRole {
        tags = Map.copyOf(tags);
    }
}
