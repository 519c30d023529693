export type { ErrorBody, Violation } from "./envelope.js";
export type { PrismLogLevel } from "./prism.js";
export { type MockOptions, type RunningMock, startMock } from "./server.js";
export { bundledSpecPath } from "./spec.js";
