package io.github.crossaccountmfa.template;

import java.util.Map;

/**
 * An IAM role that a template or plan declares.
 *
 * @param resource the logical id (CloudFormation) or the resource address (Terraform)
 * @param line     the 1-based line of the resource's declaration in the file
 * @param policy   its trust policy
 * @param tags     its tags, for the rule's exemption tag
 */
record DeclaredRole(String resource, int line, PolicySource policy, Map<String, String> tags) {
    DeclaredRole {
        tags = Map.copyOf(tags);
    }
}
