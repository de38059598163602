scanner_role_arn    = "arn:aws:iam::555555555555:role/scanner-access"
scanner_external_id = "7f3c9d2e-41b8-4c55-9a0e-5d1f2b6a8c90"
