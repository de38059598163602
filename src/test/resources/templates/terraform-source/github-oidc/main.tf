# Roles that GitHub Actions workflows assume through the account's OIDC identity provider: federated trust, which
# carries no MFA, so outside the rule (an informational finding, no verdict).

variable "repository" {
  type    = string
  default = "example-org/infrastructure"
}

data "aws_caller_identity" "current" {}

locals {
  github_provider_arn = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:oidc-provider/token.actions.githubusercontent.com"
}

resource "aws_iam_role" "github_actions_deploy" {
  name = "github-actions-deploy"
  assume_role_policy = templatefile("${path.module}/trust/github-actions.json.tpl", {
    provider_arn = local.github_provider_arn
    repository   = var.repository
  })
}

resource "aws_iam_role" "github_actions_plan" {
  name               = "github-actions-plan"
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"Federated": "${local.github_provider_arn}"},
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {
        "StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
        "StringLike": {"token.actions.githubusercontent.com:sub": "repo:${var.repository}:pull_request"}
      }
    }
  ]
}
EOF
}
