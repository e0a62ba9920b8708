// Offline validation of a deploy folder (deploy/ or a rendering of it): node check.mjs DIR
// Kubernetes objects of the kustomize base and of each overlay against the API schemas (kubernetes-models, KEDA's
// and Knative's models), the Dockerfile by dockerfilelint, compose.yaml by the Compose Specification's JSON schema
// (Ajv), the ECS files by the AWS SDK's models of their calls, the rest by their parsers. Prints one line per
// problem, "FILE: what", and exits 1 when there is any.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import dockerfilelint from "dockerfilelint";
import YAML from "yaml";
import { checkEcs } from "./lib/ecs.mjs";
import { build, readObjects } from "./lib/kustomize.mjs";
import { strictly, validate } from "./lib/models.mjs";
import { typecheck } from "./lib/typecheck.mjs";
import { references } from "./lib/references.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = process.argv[2];
if (!root || !fs.existsSync(root)) {
  console.error("usage: node check.mjs DIR (a deploy folder)");
  process.exit(2);
}

const files = walk(root, "").sort();
const errors = [];
const checked = new Set();
let objectCount = 0;
// Objects whose schema check passed, held to their kind's TypeScript interface together at the end.
const strict = [];

/** Runs one check of a file; what it throws is a problem of that file. */
const attempt = async (file, fn) => {
  try {
    await fn();
  } catch (e) {
    errors.push(e.message.startsWith(file) ? e.message : `${file}: ${e.message}`);
  }
};

// A {{Name}} left in a file is a value the renderer never filled.
for (const file of files) {
  const placeholder = /\{\{[A-Z][A-Za-z0-9]*(:[a-z-]+)?\}\}/.exec(fs.readFileSync(path.join(root, file), "utf8"));
  if (placeholder) {
    errors.push(`${file}: placeholder ${placeholder[0]} was not filled`);
  }
}

for (const file of files.filter((f) => path.basename(f) === "Dockerfile")) {
  checked.add(file);
  for (const item of dockerfilelint.run(here, fs.readFileSync(path.join(root, file), "utf8"))) {
    errors.push(`${file}:${item.line}: ${item.title} (dockerfilelint ${item.rule})`);
  }
}

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const composeSchema = JSON.parse(fs.readFileSync(path.join(here, "schemas", "compose-spec.json"), "utf8"));
// The schema names draft-07 by its https address, which Ajv registers under the http one.
composeSchema.$schema = "http://json-schema.org/draft-07/schema#";
const compose = ajv.compile(composeSchema);
for (const file of files.filter((f) => /^compose\.ya?ml$/.test(f))) {
  checked.add(file);
  await attempt(file, () => {
    const document = YAML.parse(fs.readFileSync(path.join(root, file), "utf8"), { merge: true });
    if (!compose(document)) {
      for (const e of compose.errors) {
        errors.push(`${file}: ${e.instancePath || "/"} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ""}`);
      }
    }
  });
}

// Kubernetes: the base and every overlay, built as kustomize would, each object against its kind's schema.
const k8sFiles = files.filter((f) => f.startsWith("k8s/"));
const used = new Set();
for (const kustomization of k8sFiles.filter((f) => path.basename(f) === "kustomization.yaml")) {
  const dir = path.dirname(kustomization);
  await attempt(kustomization, async () => {
    const result = build(root, dir, used);
    for (const { object, files: sources } of result.objects) {
      objectCount++;
      const label = `${sources.join(" + ")} (in ${dir}): ${object.kind} ${object.metadata?.name}`;
      try {
        await validate(object);
        strict.push(strictly(object, label));
      } catch (e) {
        errors.push(`${sources.join(" + ")} (in ${dir}): ${e.message}`);
      }
    }
    for (const problem of references(result.objects.map((o) => o.object))) {
      errors.push(`${dir}: ${problem}`);
    }
  });
}
for (const file of k8sFiles) {
  checked.add(file);
  if (!used.has(file)) {
    errors.push(`${file}: no kustomization.yaml lists it`);
  }
}

for (const file of files.filter((f) => f.startsWith("cloudrun/"))) {
  checked.add(file);
  await attempt(file, async () => {
    for (const { object } of readObjects(root, file)) {
      objectCount++;
      await validate(object);
      strict.push(strictly(object, `${file}: ${object.kind} ${object.metadata?.name}`));
    }
  });
}

errors.push(...typecheck(strict, { lines: false }));

const ecs = files.filter((f) => f.startsWith("ecs/"));
ecs.forEach((f) => checked.add(f));
errors.push(...checkEcs(root, ecs));

for (const file of files.filter((f) => f.startsWith("grafana/") && f.endsWith(".json"))) {
  checked.add(file);
  await attempt(file, () => checkDashboard(file, JSON.parse(fs.readFileSync(path.join(root, file), "utf8"))));
}
for (const file of files.filter((f) => /^(grafana|prometheus)\/.*\.ya?ml$/.test(f))) {
  checked.add(file);
  await attempt(file, () => {
    const document = YAML.parse(fs.readFileSync(path.join(root, file), "utf8"));
    if (file.startsWith("prometheus/") && !(document?.scrape_configs ?? []).every((c) => typeof c.job_name === "string")) {
      throw new Error("every scrape config needs a job_name");
    }
  });
}
for (const file of files.filter((f) => f.endsWith(".sh"))) {
  checked.add(file);
  await attempt(file, () => execFileSync("bash", ["-n", path.join(root, file)], { stdio: "pipe" }));
}

if (errors.length > 0) {
  errors.forEach((e) => console.error(e));
  console.error(`deploy-check: ${errors.length} problem(s) in ${root}`);
  process.exit(1);
}
const unchecked = files.filter((f) => !checked.has(f));
console.log(`deploy-check: ${checked.size} files valid, ${objectCount} Kubernetes objects (base, overlays, Cloud Run)` +
  (unchecked.length ? `; not checked here: ${unchecked.join(", ")}` : ""));

function checkDashboard(file, dashboard) {
  const sources = files.filter((f) => f.startsWith("grafana/provisioning/datasources/"))
    .flatMap((f) => YAML.parse(fs.readFileSync(path.join(root, f), "utf8")).datasources ?? [])
    .map((d) => d.uid);
  if (!Array.isArray(dashboard.panels) || dashboard.panels.length === 0 || typeof dashboard.uid !== "string") {
    throw new Error("a dashboard needs a uid and panels");
  }
  for (const panel of dashboard.panels) {
    if (!sources.includes(panel.datasource?.uid)) {
      throw new Error(`panel "${panel.title}" uses data source ${panel.datasource?.uid}, which grafana/provisioning does not provide`);
    }
    if (!(panel.targets ?? []).length || !panel.targets.every((t) => typeof t.expr === "string" && t.expr.length > 0)) {
      throw new Error(`panel "${panel.title}" needs a query (expr) in every target`);
    }
  }
}

function walk(base, relative) {
  return fs.readdirSync(path.join(base, relative), { withFileTypes: true }).flatMap((entry) => {
    const child = relative ? `${relative}/${entry.name}` : entry.name;
    return entry.isDirectory() ? walk(base, child) : [child];
  });
}
