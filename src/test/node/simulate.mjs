// Reads one JSON object per line on stdin: {"policy": {...trust policy...}, "principal": "arn:...",
// "role": "arn:aws:iam::ID:role/NAME", "roleAccount": "ID", "context": {"key": "value" | ["values"]}}
// and writes one line per input, in order: {"result": "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied",
// "ignored": [...keys the simulator did not accept for sts:AssumeRole...]} or {"error": "..."}.
// The caller's identity policy allows sts:AssumeRole on every role, so the result is the trust policy's decision.
// Exits when stdin closes.
import { createInterface } from 'node:readline'
import { runSimulation } from '@cloud-copilot/iam-simulate'

const identityPolicy = {
  name: 'AllowAssumeRole',
  policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }
}

async function decide(line) {
  const input = JSON.parse(line)
  const response = await runSimulation({
    request: {
      principal: input.principal,
      action: 'sts:AssumeRole',
      resource: { resource: input.role, accountId: input.roleAccount },
      contextVariables: input.context
    },
    identityPolicies: [identityPolicy],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: input.policy
  }, { simulationMode: 'Strict' })
  if (response.resultType === 'error') {
    return { error: JSON.stringify(response.errors) }
  }
  if (response.resultType !== 'single') {
    return { error: 'unexpected result type ' + response.resultType }
  }
  return { result: response.overallResult, ignored: response.result.ignoredContextKeys ?? [] }
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity })
for await (const line of lines) {
  if (line.trim() === '') continue
  let out
  try {
    out = await decide(line)
  } catch (e) {
    out = { error: String(e && e.message ? e.message : e) }
  }
  process.stdout.write(JSON.stringify(out) + '\n')
}
