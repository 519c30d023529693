// Shared inputs of the benchmarks: the spec's own example payment, so every
// contender serialises and parses the same realistic body.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const spec = JSON.parse(readFileSync(require.resolve("@iamport-contract/spec/openapi.json"), "utf8"));

export const PAYMENT_BODY = JSON.stringify(spec.components.examples.PaymentPaid.value);
export const TOKEN_BODY = JSON.stringify({
  code: 0,
  message: null,
  response: { access_token: "bench-token", now: 1795685400, expired_at: 1795687200 },
});
export const IMP_UID = "imp_448280090638";
