// Validates a Kubernetes object against the API schema of its apiVersion and kind: the kubernetes-models classes
// for the built-in kinds, @kubernetes-models/keda for KEDA's and @kubernetes-models/knative for Knative's (Cloud Run).
// The schemas let fields they do not know through, as a non-strict API server does; strictly() adds the models'
// TypeScript interfaces, whose excess property check refuses them (lib/typecheck.mjs).
const packages = [
  [/^keda\.sh\//, "@kubernetes-models/keda"],
  [/\.knative\.dev\//, "@kubernetes-models/knative"],
  [/.*/, "kubernetes-models"],
];

/** The module of an apiVersion's kind, e.g. "kubernetes-models/apps/v1/Deployment". */
export function modelModule(apiVersion, kind) {
  const [, pkg] = packages.find(([pattern]) => pattern.test(apiVersion));
  return `${pkg}/${apiVersion}/${kind}`;
}

/** A typecheck entry holding the object to its kind's TypeScript interface (I<Kind>), labelled for errors. */
export function strictly(object, label) {
  return { label, module: modelModule(object.apiVersion, object.kind), type: `I${object.kind}`, json: JSON.stringify(object, null, 2) };
}

/** Throws when the object is not a valid object of its kind; returns its kind's name otherwise. */
export async function validate(object) {
  const { apiVersion, kind } = object ?? {};
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    throw new Error("no apiVersion and kind");
  }
  const pkg = modelModule(apiVersion, kind).split("/")[0];
  let Model;
  try {
    ({ [kind]: Model } = await import(modelModule(apiVersion, kind)));
  } catch {
    throw new Error(`${apiVersion} ${kind}: no such kind in ${pkg}`);
  }
  if (typeof Model !== "function") {
    throw new Error(`${apiVersion} ${kind}: no such kind in ${pkg}`);
  }
  try {
    new Model(object).validate();
  } catch (e) {
    throw new Error(`${kind} ${object.metadata?.name}: ${e.message}`);
  }
  return `${apiVersion} ${kind}`;
}
