package io.github.crossaccountmfa.template;

import io.github.crossaccountmfa.rule.RoleContext;
import java.util.List;
import java.util.Map;

/**
 * An IAM role that a template or plan declares.
 *
 * @param resource   the logical id (CloudFormation; {@code Parent/Child} inside a StackSet or nested stack) or the
 *                   resource address (Terraform)
 * @param line       the 1-based line of the resource's declaration in the file (Terraform source: of its
 *                   {@code assume_role_policy})
 * @param policy     its trust policy
 * @param tags       its tags, for the rule's exemption tag
 * @param context    the account it is deployed to (a StackSet's roles: each target account, unknown)
 * @param statements where each statement of the trust policy is written, when the source says so (Terraform
 *                   source: the {@code statement} blocks of an {@code aws_iam_policy_document}); else empty
 */
record DeclaredRole(String resource, int line, PolicySource policy, Map<String, String> tags, RoleContext context,
                    List<SourceLocation> statements) {
    DeclaredRole {
        tags = Map.copyOf(tags);
        statements = List.copyOf(statements);
    }

    DeclaredRole(String resource, int line, PolicySource policy, Map<String, String> tags, RoleContext context) {
        this(resource, line, policy, tags, context, List.of());
    }
}
