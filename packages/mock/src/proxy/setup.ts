import type { IncomingMessage, ServerResponse } from "node:http";
import { listOperations } from "@iamport-contract/spec/toolkit";
import type { IHttpRequest } from "@stoplight/prism-http";
import type { PrismDiagnostic } from "../prism.js";
import { SpecValidator } from "../validation.js";
import type { ProxyConfig } from "./config.js";
import { createContractCheck } from "./contract.js";
import { DriftReport } from "./drift.js";
import { createProxy } from "./forwarder.js";
import { Masker, specSensitiveNames } from "./masking.js";
import { Recorder } from "./recorder.js";

export interface DriftProxy {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  drift: DriftReport;
  /** Resolves once every recording started so far is written. */
  flush(): Promise<void>;
}

/** Wires the proxy's parts to one spec document and the mock's request validator. */
export function createDriftProxy(
  config: ProxyConfig,
  doc: Record<string, unknown>,
  validateRequest: (key: string, request: IHttpRequest) => Promise<PrismDiagnostic[]>,
): DriftProxy {
  const masker = new Masker(specSensitiveNames(doc));
  const drift = new DriftReport();
  const check = createContractCheck({ doc, validator: new SpecValidator(doc), validateRequest, masker });
  const recorder = config.recordDir ? new Recorder(config.recordDir, masker) : undefined;
  const operationIds = new Map(listOperations(doc).map((op) => [`${op.method.toUpperCase()} ${op.path}`, op.operationId]));
  const handle = createProxy({
    upstream: config.upstream,
    ...(config.supplementsUpstream ? { supplementsUpstream: config.supplementsUpstream } : {}),
    check,
    drift,
    masker,
    ...(recorder ? { recorder } : {}),
    ...(config.maxValidatedBytes !== undefined ? { maxValidatedBytes: config.maxValidatedBytes } : {}),
    ...(config.timeoutMs !== undefined ? { timeoutMs: config.timeoutMs } : {}),
    ...(config.log ? { log: config.log } : {}),
    operationIds,
  });
  return { handle, drift, flush: async () => recorder?.flush() };
}
