import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { listOperations, listWebhooks, resolveRef } from "@iamport-contract/spec/toolkit";

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

/** The bundle the reference is built from: the spec's canonical bundle (spec/dist/openapi.canonical.json). */
export function loadBundledSpec(): Spec {
  return JSON.parse(readFileSync(require.resolve("@iamport-contract/spec/openapi.canonical.json"), "utf8")) as Spec;
}

/** Every operation (paths and webhooks) of the bundled spec, as Redoc lists them. */
export function operationsOf(spec: Spec): SpecOperation[] {
  const entry = (method: string, path: string, operation: SpecOperation["operation"], webhook: boolean): SpecOperation => ({
    method,
    path,
    label: String(operation.summary ?? operation.operationId ?? path),
    deprecated: operation.deprecated === true,
    webhook,
    operation,
  });
  return [
    ...listOperations(spec).map(({ method, path, operation }) => entry(method, path, operation, false)),
    ...listWebhooks(spec).map(({ method, name, operation }) => entry(method, name, operation, true)),
  ];
}

/** Follows local `$ref`s in the bundle. */
export { resolveRef };
