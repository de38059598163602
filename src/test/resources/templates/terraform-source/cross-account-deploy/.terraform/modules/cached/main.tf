# A module Terraform downloaded: never read as source.
resource "aws_iam_role" "downloaded" {
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = "*", Action = "sts:AssumeRole" }] })
}
