/**
 * `@iamport-contract/client/refusals`: the catalogue of refusals the spec
 * documents, generated from its examples at build. A separate entry point so
 * that the core bundle does not carry PortOne's messages.
 */
export { KNOWN_REFUSALS } from "./generated/refusals.js";
export { isRefusal, type KnownRefusal } from "./refusal.js";
