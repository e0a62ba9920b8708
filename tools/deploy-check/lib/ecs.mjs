// The ECS files are the inputs of AWS API calls (`aws ecs register-task-definition --cli-input-json file://...`).
// No JSON schema of them is published, so each is loaded into the AWS SDK's own TypeScript model of its call's input.
import fs from "node:fs";
import path from "node:path";
import { typecheck } from "./typecheck.mjs";

// Which call a file is the input of, by the end of its name.
const kinds = [
  [/-task-definition\.json$/, "@aws-sdk/client-ecs", "RegisterTaskDefinitionCommandInput"],
  [/-service\.json$/, "@aws-sdk/client-ecs", "CreateServiceCommandInput"],
  [/-scalable-target\.json$/, "@aws-sdk/client-application-auto-scaling", "RegisterScalableTargetCommandInput"],
  [/-scaling-[a-z0-9-]+\.json$/, "@aws-sdk/client-application-auto-scaling", "PutScalingPolicyCommandInput"],
  [/-alarm-[a-z0-9-]+\.json$/, "@aws-sdk/client-cloudwatch", "PutMetricAlarmCommandInput"],
];

/** Checks the ecs/*.json files (paths relative to root); returns ["file: message", ...]. */
export function checkEcs(root, files) {
  const errors = [];
  const entries = [];
  for (const file of files) {
    const kind = kinds.find(([pattern]) => pattern.test(file));
    if (!kind) {
      errors.push(`${file}: not an input of a known AWS call (name it *-task-definition, *-service, *-scalable-target, *-scaling-*, *-alarm-*)`);
      continue;
    }
    const json = fs.readFileSync(path.join(root, file), "utf8");
    try {
      JSON.parse(json);
    } catch (e) {
      errors.push(`${file}: not JSON: ${e.message}`);
      continue;
    }
    entries.push({ label: file, module: kind[1], type: kind[2], json });
  }
  return [...errors, ...typecheck(entries)];
}
