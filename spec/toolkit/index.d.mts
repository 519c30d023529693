// Types of the spec toolkit (index.mjs). The spec is JSON walked generically.
// biome-ignore lint/suspicious/noExplicitAny: a JSON document walked generically
export type Json = any;

export type HttpMethod = "get" | "put" | "post" | "delete" | "patch";
export declare const HTTP_METHODS: readonly HttpMethod[];
export declare const SUPPLEMENTS_PREFIX: "/api/supplements/";

export interface SpecOperation {
  method: HttpMethod;
  path: string;
  /** The operationId, or `method path` where there is none. */
  operationId: string;
  operation: Json;
  pathItem: Json;
  /** Path-level and operation-level parameters, resolved. */
  parameters: Json[];
  /** True when the path belongs to the supplements API (api.iamport.co). */
  supplements: boolean;
}

export interface SpecWebhook {
  /** The webhook's key under `webhooks:`. */
  name: string;
  method: HttpMethod;
  operationId: string;
  operation: Json;
  pathItem: Json;
}

export declare function loadBundle(file?: string): Json;
export declare function isSupplementsPath(path: string): boolean;
export declare function resolvePointer<T = Json>(doc: Json, ref: string): T;
export declare function resolveRef<T = Json>(doc: Json, node: unknown): T;
export declare function dereference(doc: Json): Json;
export declare function listOperations(doc: Json): SpecOperation[];
export declare function listWebhooks(doc: Json): SpecWebhook[];
export declare function examplesOf(doc: Json, holder: Json): Array<[string, unknown]>;
export declare function firstExample(doc: Json, holder: Json): { name: string; value: unknown } | undefined;
export declare function sensitiveFieldNames(doc: Json): Set<string>;
