// Validates a Kubernetes object against the API schema of its apiVersion and kind: the kubernetes-models classes
// for the built-in kinds, @kubernetes-models/keda for KEDA's and @kubernetes-models/knative for Knative's (Cloud Run).
const packages = [
  [/^keda\.sh\//, "@kubernetes-models/keda"],
  [/\.knative\.dev\//, "@kubernetes-models/knative"],
  [/.*/, "kubernetes-models"],
];

/** Throws when the object is not a valid object of its kind; returns its kind's name otherwise. */
export async function validate(object) {
  const { apiVersion, kind } = object ?? {};
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    throw new Error("no apiVersion and kind");
  }
  const [, pkg] = packages.find(([pattern]) => pattern.test(apiVersion));
  let Model;
  try {
    ({ [kind]: Model } = await import(`${pkg}/${apiVersion}/${kind}`));
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
