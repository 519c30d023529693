/**
 * Types-only entry point (`@iamport-contract/client/types`): the generated
 * OpenAPI types, importable without pulling in any runtime code.
 */
import type { components, paths } from "./generated/openapi.js";

export type { components, operations, paths, webhooks } from "./generated/openapi.js";

/** Every schema of the spec by name, e.g. `Schemas["Payment"]`. */
export type Schemas = components["schemas"];

type SupplementsPathKey = Extract<keyof paths, `/api/supplements/${string}`>;
/** Paths served by the V1 API on `https://api.iamport.kr`. */
export type V1Paths = Omit<paths, SupplementsPathKey>;
/** Paths served by the supplements API on `https://api.iamport.co`. */
export type SupplementsPaths = Pick<paths, SupplementsPathKey>;

export type Payment = Schemas["Payment"];
export type PaymentStatus = Schemas["PaymentStatus"];
export type AccessToken = Schemas["AccessToken"];
