// What the schemas cannot see: each name one object gives another must exist in the same build. A scale target, a
// Service's or PodDisruptionBudget's selector, an Ingress backend, a ConfigMap a pod reads, the port names probes
// use, and the custom metrics an HPA scales on, which a Prometheus adapter rule (config.yaml of a ConfigMap) must serve.
import YAML from "yaml";

const workloads = (objects) => objects.filter((o) => o.kind === "Deployment");
const matches = (selector, labels) => Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);

export function references(objects) {
  const errors = [];
  const named = (kind, name) => objects.some((o) => o.kind === kind && o.metadata?.name === name);
  const served = objects.filter((o) => o.kind === "ConfigMap" && o.data?.["config.yaml"])
    .flatMap((o) => YAML.parse(o.data["config.yaml"])?.rules ?? [])
    .map((rule) => rule.name?.as);
  for (const o of objects) {
    const what = `${o.kind} ${o.metadata?.name}`;
    const target = o.spec?.scaleTargetRef;
    if (target && !named(target.kind ?? "Deployment", target.name)) {
      errors.push(`${what}: scales ${target.kind ?? "Deployment"} ${target.name}, which is not there`);
    }
    for (const metric of o.kind === "HorizontalPodAutoscaler" ? o.spec?.metrics ?? [] : []) {
      const name = metric.pods?.metric?.name ?? metric.object?.metric?.name;
      if (name && !served.includes(name)) {
        errors.push(`${what}: scales on ${name}, which no Prometheus adapter rule serves`);
      }
    }
    if (o.kind === "Service" || o.kind === "PodDisruptionBudget") {
      const selector = o.kind === "Service" ? o.spec?.selector : o.spec?.selector?.matchLabels;
      if (!workloads(objects).some((d) => matches(selector, d.spec?.template?.metadata?.labels))) {
        errors.push(`${what}: its selector matches no Deployment's pods`);
      }
    }
    if (o.kind === "Ingress") {
      for (const backend of (o.spec?.rules ?? []).flatMap((r) => r.http?.paths ?? []).map((p) => p.backend?.service)) {
        if (!named("Service", backend?.name)) {
          errors.push(`${what}: sends to Service ${backend?.name}, which is not there`);
        }
      }
    }
    for (const container of o.kind === "Deployment" ? o.spec?.template?.spec?.containers ?? [] : []) {
      const ports = new Set((container.ports ?? []).map((p) => p.name));
      for (const probe of ["startupProbe", "livenessProbe", "readinessProbe"].map((p) => container[p]).filter(Boolean)) {
        const port = probe.httpGet?.port;
        if (typeof port === "string" && !ports.has(port)) {
          errors.push(`${what}: a probe uses port ${port}, which container ${container.name} does not name`);
        }
      }
      for (const ref of (container.envFrom ?? []).map((e) => e.configMapRef?.name).filter(Boolean)) {
        if (!named("ConfigMap", ref)) {
          errors.push(`${what}: reads ConfigMap ${ref}, which is not there`);
        }
      }
    }
  }
  return errors;
}
