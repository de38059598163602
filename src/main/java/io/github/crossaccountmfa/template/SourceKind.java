package io.github.crossaccountmfa.template;

/** The kinds of infrastructure-as-code file {@code check-template} reads, recognized by content. */
public enum SourceKind {
    /** A CloudFormation template, SAM template or CDK-synthesized template: an object with {@code Resources}. */
    CLOUDFORMATION,
    /** {@code terraform show -json plan.out}: {@code format_version} with {@code planned_values}. */
    TERRAFORM_PLAN,
    /** Terraform configuration: the {@code .tf} files of a directory, read together as one module. */
    TERRAFORM_SOURCE
}
