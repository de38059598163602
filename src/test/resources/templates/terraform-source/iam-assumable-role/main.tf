# Roles made with a local copy of an iam-assumable-role module (in the shape of terraform-aws-modules/iam):
# one requires MFA, one does not.
provider "aws" {
  region = "eu-west-1"
  default_tags {
    tags = {
      owner = "platform"
    }
  }
}

module "admin" {
  source = "./modules/iam-assumable-role"

  create_role       = true
  role_name         = "admin"
  trusted_role_arns = ["arn:aws:iam::222222222222:root"]
  role_requires_mfa = true
  mfa_age           = 3600
}

module "readonly" {
  source = "./modules/iam-assumable-role"

  create_role       = true
  role_name         = "readonly"
  trusted_role_arns = ["arn:aws:iam::222222222222:role/auditor", "arn:aws:iam::333333333333:root"]
  role_requires_mfa = false
}

module "disabled" {
  source = "./modules/iam-assumable-role"

  create_role       = false
  role_name         = "unused"
  trusted_role_arns = ["arn:aws:iam::444444444444:root"]
}
