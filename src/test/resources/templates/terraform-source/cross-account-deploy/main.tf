# Cross-account roles of a workload account: the CI/CD account deploys into it, partners read from it, and the
# security account can break glass.

variable "deploy_account_id" {
  description = "The CI/CD account that deploys into this one"
  type        = string
}

variable "partners" {
  description = "Partner accounts with read access"
  type = map(object({
    account_id  = string
    external_id = string
    require_mfa = bool
  }))
  default = {
    acme = {
      account_id  = "666666666666"
      external_id = "acme-4a1f"
      require_mfa = true
    }
    globex = {
      account_id  = "888888888888"
      external_id = "globex-93c2"
      require_mfa = false
    }
  }
}

resource "aws_iam_role" "deploy" {
  name = "cross-account-deploy"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Pipeline"
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::${var.deploy_account_id}:role/deployer" }
    }]
  })
}

resource "aws_iam_role" "break_glass" {
  name               = "break-glass"
  assume_role_policy = file("${path.module}/policies/break-glass.json")
}

data "aws_iam_policy_document" "partner" {
  for_each = var.partners

  statement {
    sid     = "PartnerRead"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${each.value.account_id}:root"]
    }

    condition {
      test     = "StringEquals"
      variable = "sts:ExternalId"
      values   = [each.value.external_id]
    }

    dynamic "condition" {
      for_each = each.value.require_mfa ? ["aws:MultiFactorAuthPresent"] : []
      content {
        test     = "Bool"
        variable = condition.value
        values   = ["true"]
      }
    }
  }
}

resource "aws_iam_role" "partner" {
  for_each = var.partners

  name               = "partner-${each.key}"
  assume_role_policy = data.aws_iam_policy_document.partner[each.key].json
}
