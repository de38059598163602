package io.github.crossaccountmfa.template;

import java.util.Optional;

/**
 * The result for one role declared in a file.
 *
 * @param resource the logical id (CloudFormation, SAM, CDK) or the resource address (Terraform)
 * @param line     the 1-based line where the resource is declared (for a one-line plan, 1; for Terraform source,
 *                 the line of its {@code assume_role_policy})
 * @param outcome  the verdict, or why there is none
 * @param statement where the statement that makes the role NON_COMPLIANT is written, when the source says so (a
 *                  Terraform {@code aws_iam_policy_document}, possibly in another file of the module)
 */
public record RoleCheck(String resource, int line, Outcome outcome, Optional<SourceLocation> statement) {

    public RoleCheck(String resource, int line, Outcome outcome) {
        this(resource, line, outcome, Optional.empty());
    }

    /** Unresolved and invalid policies are input errors (exit status 2). */
    public boolean isError() {
        return !(outcome instanceof Outcome.Evaluated);
    }
}
