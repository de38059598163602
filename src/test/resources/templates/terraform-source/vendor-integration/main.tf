# Vendor integration roles in the shape monitoring and security vendors publish them: the vendor's account as a
# default, the external id the vendor shows in its console as a variable without default.

variable "vendor_account_id" {
  description = "The monitoring vendor's AWS account (published by the vendor)"
  type        = string
  default     = "464622532012"
}

variable "vendor_external_id" {
  description = "The external id shown on the vendor's integration page"
  type        = string
}

variable "scanner_role_arn" {
  description = "The security scanner's role that assumes ours"
  type        = string
}

variable "scanner_external_id" {
  type      = string
  sensitive = true
}

data "aws_partition" "current" {}

data "aws_iam_policy_document" "vendor_assume" {
  statement {
    sid     = "VendorIntegration"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${var.vendor_account_id}:root"]
    }

    condition {
      test     = "StringEquals"
      variable = "sts:ExternalId"
      values   = [var.vendor_external_id]
    }
  }
}

resource "aws_iam_role" "vendor_integration" {
  name               = "VendorIntegrationRole"
  description        = "Read-only access for the monitoring vendor"
  assume_role_policy = data.aws_iam_policy_document.vendor_assume.json
}

resource "aws_iam_role" "scanner" {
  name = "VendorScannerRole"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Action    = "sts:AssumeRole"
        Principal = { AWS = var.scanner_role_arn }
        Condition = {
          StringEquals = { "sts:ExternalId" = var.scanner_external_id }
        }
      }
    ]
  })
}
