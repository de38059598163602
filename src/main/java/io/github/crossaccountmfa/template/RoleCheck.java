package io.github.crossaccountmfa.template;

/**
 * The result for one role declared in a file.
 *
 * @param resource the logical id (CloudFormation, SAM, CDK) or the resource address (Terraform)
 * @param line     the 1-based line where the resource is declared (for a one-line plan, 1)
 * @param outcome  the verdict, or why there is none
 */
public record RoleCheck(String resource, int line, Outcome outcome) {

    /** Unresolved and invalid policies are input errors (exit status 2). */
    public boolean isError() {
        return !(outcome instanceof Outcome.Evaluated);
    }
}
