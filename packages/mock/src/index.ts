export { controlSpecPath } from "./control.js";
export { type AsMerchant, type ControlClient, type ControlPaths, createControlClient } from "./control-client.js";
export type { ErrorBody, Violation } from "./envelope.js";
export type { PrismLogLevel } from "./log-level.js";
export { DEFAULT_API_KEY, DEFAULT_API_SECRET, MAX_BODY_BYTES, type MockOptions, type RunningMock, startMock } from "./server.js";
export { bundledSpecPath } from "./spec.js";
