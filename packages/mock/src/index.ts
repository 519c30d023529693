export { controlSpecPath } from "./control.js";
export type { ErrorBody, Violation } from "./envelope.js";
export type { PrismLogLevel } from "./log-level.js";
export { DEFAULT_API_KEY, DEFAULT_API_SECRET, type MockOptions, type RunningMock, startMock } from "./server.js";
export { bundledSpecPath } from "./spec.js";
export { chargeOutcome } from "./stateful/magic.js";
export { type ResponseCheck, SpecValidator } from "./validation.js";
