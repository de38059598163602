"""The Python peer of the cold-start benchmark: a boto3 AWS Config rule doing the same job as the Java function
for a change event (parse the invoking event, evaluate the role's trust policy, PutEvaluations), written the way
the RDK template and the aws-config-rules rules are (json, boto3 client built in the handler), behind a minimal
Lambda runtime loop (GET next, handler, POST response) against the same local Runtime API as the Java runtime.

Only the standard library and boto3. Stops by itself after MAX_INVOCATIONS or when the Runtime API goes away.
"""
import json
import os
import sys
import urllib.parse
import urllib.request

import boto3

MAX_INVOCATIONS = 100


def evaluate(policy, trusted):
    """NON_COMPLIANT if another account may assume the role without an MFA condition."""
    statements = policy.get("Statement", [])
    if isinstance(statements, dict):
        statements = [statements]
    for statement in statements:
        if statement.get("Effect") != "Allow":
            continue
        principal = statement.get("Principal", {})
        aws = principal.get("AWS", []) if isinstance(principal, dict) else [principal]
        if isinstance(aws, str):
            aws = [aws]
        condition = json.dumps(statement.get("Condition", {}))
        for arn in aws:
            account = arn.split(":")[4] if arn.startswith("arn:") else arn
            if account not in trusted and "aws:MultiFactorAuthPresent" not in condition:
                return "NON_COMPLIANT", "Account %s can assume this role without MFA" % account
    return "COMPLIANT", "Only trusted accounts, or MFA required"


def lambda_handler(event, context):
    invoking = json.loads(event["invokingEvent"])
    parameters = json.loads(event.get("ruleParameters") or "{}")
    trusted = set(filter(None, parameters.get("TrustedAccountIds", "").split(",")))
    trusted.add(event.get("accountId"))
    item = invoking["configurationItem"]
    document = item["configuration"]["assumeRolePolicyDocument"]
    compliance, annotation = evaluate(json.loads(urllib.parse.unquote(document)), trusted)
    config = boto3.client("config")
    token = event["resultToken"]
    config.put_evaluations(
        Evaluations=[{
            "ComplianceResourceType": item["resourceType"],
            "ComplianceResourceId": item["resourceId"],
            "ComplianceType": compliance,
            "Annotation": annotation,
            "OrderingTimestamp": item["configurationItemCaptureTime"],
        }],
        ResultToken=token,
        TestMode=token == "TESTMODE",
    )


def main():
    api = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2018-06-01/runtime/invocation/"
    for _ in range(MAX_INVOCATIONS):
        try:
            with urllib.request.urlopen(api + "next", timeout=60) as response:
                request_id = response.headers["Lambda-Runtime-Aws-Request-Id"]
                event = json.loads(response.read())
        except Exception:
            return
        try:
            lambda_handler(event, None)
            outcome, body = "/response", b"null"
        except Exception as e:  # the runtime reports it, as Lambda's does
            outcome, body = "/error", json.dumps({"errorMessage": str(e), "errorType": type(e).__name__}).encode()
        urllib.request.urlopen(urllib.request.Request(api + request_id + outcome, data=body, method="POST"),
                               timeout=60).close()


if __name__ == "__main__":
    sys.exit(main())
