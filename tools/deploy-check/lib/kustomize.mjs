// Builds a kustomization the way `kubectl kustomize` does for the features deploy/k8s uses, so the overlays'
// objects are validated as they would be applied without needing kubectl on the machine: resources (files and
// folders), namespace, images, labels (metadata only), secretGenerator with literals and no name hash, and patches
// (a partial object merged into the object of the same kind and name: maps key by key, lists of named items by
// name, other lists replaced). A key it does not know is an error rather than ignored.
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";

const known = new Set(["apiVersion", "kind", "resources", "namespace", "images", "labels", "secretGenerator", "generatorOptions", "patches"]);

/** Reads every YAML document of a file, each with the file it came from. */
export function readObjects(root, file) {
  return YAML.parseAllDocuments(fs.readFileSync(path.join(root, file), "utf8"), { merge: true }).map((doc) => {
    if (doc.errors.length > 0) {
      throw new Error(`${file}: ${doc.errors[0].message}`);
    }
    return { object: doc.toJS(), files: [file] };
  });
}

/** The objects a kustomization folder (relative to root) produces, and every file it used. */
export function build(root, dir, used = new Set()) {
  const kfile = path.join(dir, "kustomization.yaml");
  used.add(kfile);
  const k = YAML.parse(fs.readFileSync(path.join(root, kfile), "utf8"));
  const unknown = Object.keys(k).filter((key) => !known.has(key));
  if (unknown.length > 0) {
    throw new Error(`${kfile}: ${unknown.join(", ")} not supported by this check (supported: ${[...known].join(", ")})`);
  }
  const objects = [];
  for (const resource of k.resources ?? []) {
    const target = path.join(dir, resource);
    if (fs.statSync(path.join(root, target)).isDirectory()) {
      objects.push(...build(root, target, used).objects);
    } else {
      used.add(target);
      objects.push(...readObjects(root, target));
    }
  }
  if (k.secretGenerator) {
    if (k.generatorOptions?.disableNameSuffixHash !== true) {
      throw new Error(`${kfile}: secretGenerator needs generatorOptions.disableNameSuffixHash: true here (this check does not compute kustomize's name hash)`);
    }
    for (const generator of k.secretGenerator) {
      const data = Object.fromEntries((generator.literals ?? []).map((literal) => {
        const at = literal.indexOf("=");
        return [literal.slice(0, at), Buffer.from(literal.slice(at + 1)).toString("base64")];
      }));
      objects.push({ object: { apiVersion: "v1", kind: "Secret", type: "Opaque", metadata: { name: generator.name }, data }, files: [kfile] });
    }
  }
  for (const patch of k.patches ?? []) {
    const file = path.join(dir, patch.path);
    used.add(file);
    for (const { object: partial } of readObjects(root, file)) {
      const target = objects.find((o) => o.object.kind === partial.kind && o.object.metadata?.name === partial.metadata?.name);
      if (!target) {
        throw new Error(`${file}: patches ${partial.kind} ${partial.metadata?.name}, which ${dir} does not have`);
      }
      target.object = merge(target.object, partial);
      target.files = [...target.files, file];
    }
  }
  for (const pairs of (k.labels ?? []).map((l) => l.pairs ?? {})) {
    for (const o of objects) {
      o.object.metadata = { ...o.object.metadata, labels: { ...o.object.metadata?.labels, ...pairs } };
    }
  }
  if (k.namespace) {
    for (const o of objects) {
      o.object.metadata = { ...o.object.metadata, namespace: k.namespace };
    }
  }
  for (const image of k.images ?? []) {
    for (const o of objects) {
      for (const container of containers(o.object)) {
        const [name, tag] = container.image.split(":");
        if (name === image.name) {
          container.image = `${image.newName ?? name}:${image.newTag ?? tag}`;
        }
      }
    }
  }
  return { objects, used };
}

function containers(object) {
  return [...(object.spec?.template?.spec?.containers ?? []), ...(object.spec?.template?.spec?.initContainers ?? [])];
}

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const named = (list) => list.every((item) => isObject(item) && typeof item.name === "string");

function merge(base, patch) {
  if (Array.isArray(patch)) {
    if (Array.isArray(base) && named(base) && named(patch)) {
      const result = base.map((item) => {
        const change = patch.find((p) => p.name === item.name);
        return change ? merge(item, change) : item;
      });
      return [...result, ...patch.filter((p) => !base.some((item) => item.name === p.name))];
    }
    return patch;
  }
  if (isObject(patch) && isObject(base)) {
    const result = { ...base };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) {
        delete result[key];
      } else {
        result[key] = key in base ? merge(base[key], value) : value;
      }
    }
    return result;
  }
  return patch;
}
