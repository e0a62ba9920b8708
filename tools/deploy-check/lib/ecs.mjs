// The ECS files are the inputs of AWS API calls (`aws ecs register-task-definition --cli-input-json file://...`).
// No JSON schema of them is published, so each is loaded into the AWS SDK's own TypeScript model of its call's
// input: `<file> satisfies RegisterTaskDefinitionCommandInput` under `tsc --strict` refuses an unknown or misspelt
// key, a wrong type and a value outside an enum, and names the line.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

// Which call a file is the input of, by the end of its name.
const kinds = [
  [/-task-definition\.json$/, "@aws-sdk/client-ecs", "RegisterTaskDefinitionCommandInput"],
  [/-service\.json$/, "@aws-sdk/client-ecs", "CreateServiceCommandInput"],
  [/-scalable-target\.json$/, "@aws-sdk/client-application-auto-scaling", "RegisterScalableTargetCommandInput"],
  [/-scaling-[a-z0-9-]+\.json$/, "@aws-sdk/client-application-auto-scaling", "PutScalingPolicyCommandInput"],
  [/-alarm-[a-z0-9-]+\.json$/, "@aws-sdk/client-cloudwatch", "PutMetricAlarmCommandInput"],
];

/** Checks every ecs/*.json file under root; returns ["file: message", ...]. */
export function checkEcs(root, files) {
  const errors = [];
  const work = fs.mkdtempSync(path.join(here, ".ecs-"));
  try {
    const sources = new Map();
    for (const file of files) {
      const kind = kinds.find(([pattern]) => pattern.test(file));
      if (!kind) {
        errors.push(`${file}: not an input of a known AWS call (name it *-task-definition, *-service, *-scalable-target, *-scaling-*, *-alarm-*)`);
        continue;
      }
      const text = fs.readFileSync(path.join(root, file), "utf8");
      try {
        JSON.parse(text);
      } catch (e) {
        errors.push(`${file}: not JSON: ${e.message}`);
        continue;
      }
      const [, module, type] = kind;
      const name = path.basename(file, ".json") + ".ts";
      // The JSON starts on line 2, so a line reported in the .ts file is one more than in the .json file.
      fs.writeFileSync(path.join(work, name), `import type { ${type} } from "${module}";\nexport const input = ${text.trimEnd()} satisfies ${type};\n`);
      sources.set(name, file);
    }
    if (sources.size === 0) {
      return errors;
    }
    fs.writeFileSync(path.join(work, "tsconfig.json"), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, module: "nodenext", moduleResolution: "nodenext", target: "es2022", skipLibCheck: true, types: [] },
      include: ["*.ts"],
    }));
    try {
      execFileSync(process.execPath, [path.join(here, "node_modules", "typescript", "bin", "tsc"), "-p", work], { encoding: "utf8", stdio: "pipe" });
    } catch (e) {
      const output = `${e.stdout ?? ""}${e.stderr ?? ""}`;
      const lines = output.split("\n").filter((l) => l.trim());
      for (const line of lines) {
        const m = /^(?:.*[\\/])?([^\\/(]+\.ts)\((\d+),(\d+)\): (.*)$/.exec(line);
        if (m && sources.has(m[1])) {
          errors.push(`${sources.get(m[1])}:${Number(m[2]) - 1}: ${m[4]}`);
        } else if (!m && !/^\s/.test(line)) {
          errors.push(`ecs: ${line}`);
        }
      }
      if (errors.length === 0) {
        errors.push(`ecs: tsc failed: ${output.slice(0, 500)}`);
      }
    }
    return errors;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
