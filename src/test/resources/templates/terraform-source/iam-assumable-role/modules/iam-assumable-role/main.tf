locals {
  role_sts_externalid = flatten([var.role_sts_externalid])
}

data "aws_iam_policy_document" "assume_role" {
  count = var.create_role && !var.role_requires_mfa ? 1 : 0

  statement {
    effect  = "Allow"
    actions = var.trusted_role_actions

    principals {
      type        = "AWS"
      identifiers = var.trusted_role_arns
    }

    dynamic "principals" {
      for_each = length(var.trusted_role_services) > 0 ? [var.trusted_role_services] : []
      content {
        type        = "Service"
        identifiers = principals.value
      }
    }

    dynamic "condition" {
      for_each = length(local.role_sts_externalid) != 0 ? [true] : []
      content {
        test     = "StringEquals"
        variable = "sts:ExternalId"
        values   = local.role_sts_externalid
      }
    }
  }
}

data "aws_iam_policy_document" "assume_role_with_mfa" {
  count = var.create_role && var.role_requires_mfa ? 1 : 0

  statement {
    effect  = "Allow"
    actions = var.trusted_role_actions

    principals {
      type        = "AWS"
      identifiers = var.trusted_role_arns
    }

    dynamic "principals" {
      for_each = length(var.trusted_role_services) > 0 ? [var.trusted_role_services] : []
      content {
        type        = "Service"
        identifiers = principals.value
      }
    }

    condition {
      test     = "Bool"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["true"]
    }

    condition {
      test     = "NumericLessThan"
      variable = "aws:MultiFactorAuthAge"
      values   = [var.mfa_age]
    }
  }
}

resource "aws_iam_role" "this" {
  count = var.create_role ? 1 : 0

  name = var.role_name
  path = var.role_path

  assume_role_policy = var.role_requires_mfa ? data.aws_iam_policy_document.assume_role_with_mfa[0].json : data.aws_iam_policy_document.assume_role[0].json

  tags = var.tags
}
