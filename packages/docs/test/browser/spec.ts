import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export interface SpecOperation {
  method: string;
  path: string;
  /** What Redoc shows in the sidebar: the summary, else the operationId. */
  label: string;
  deprecated: boolean;
  webhook: boolean;
  operation: Record<string, unknown> & { responses?: Record<string, unknown> };
}

type Spec = {
  paths?: Record<string, Record<string, unknown>>;
  webhooks?: Record<string, Record<string, unknown>>;
  components?: Record<string, unknown>;
};

const METHODS = ["get", "put", "post", "delete", "patch"];

/** The bundle the reference is built from: the spec's canonical bundle (spec/dist/openapi.canonical.json). */
export function loadBundledSpec(): Spec {
  return JSON.parse(readFileSync(require.resolve("@iamport-contract/spec/openapi.canonical.json"), "utf8")) as Spec;
}

/** Every operation (paths and webhooks) of the bundled spec. */
export function operationsOf(spec: Spec): SpecOperation[] {
  const result: SpecOperation[] = [];
  for (const [webhook, items] of [
    [false, spec.paths ?? {}],
    [true, spec.webhooks ?? {}],
  ] as const) {
    for (const [path, item] of Object.entries(items)) {
      for (const method of METHODS) {
        const operation = item[method] as SpecOperation["operation"] | undefined;
        if (!operation) continue;
        const label = String(operation.summary ?? operation.operationId ?? path);
        result.push({ method, path, label, deprecated: operation.deprecated === true, webhook, operation });
      }
    }
  }
  return result;
}

/** Follows local `$ref`s in the bundle. */
export function resolveRef<T>(spec: Spec, node: unknown): T {
  let current = node as { $ref?: string } | undefined;
  for (let hops = 0; current && typeof current.$ref === "string" && hops < 32; hops++) {
    let target: unknown = spec;
    for (const part of current.$ref.slice(2).split("/")) target = (target as Record<string, unknown>)[part.replaceAll("~1", "/")];
    current = target as { $ref?: string };
  }
  return current as T;
}
