import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MASK, Masker, specSensitiveNames } from "../../src/proxy/masking.js";
import { bundledSpecPath } from "../../src/spec.js";

const doc = JSON.parse(readFileSync(bundledSpecPath(), "utf8"));

describe("sensitive fields, found in the spec", () => {
  it("include every x-sensitive property and parameter of the bundle", () => {
    const names = specSensitiveNames(doc);
    for (const name of ["card_number", "expiry", "birth", "pwd_2digit", "cvc", "imp_secret", "access_token"]) expect(names).toContain(name);
    // A query parameter whose schema carries the mark.
    const pgKey = doc.components.parameters.PgApiKeyQuery as { name: string };
    expect(names).toContain(pgKey.name);
    expect(names).not.toContain("merchant_uid");
  });
});

describe("Masker", () => {
  const masker = new Masker(specSensitiveNames(doc));

  it("masks sensitive fields at any depth and leaves the rest", () => {
    const masked = masker.mask({
      response: { card_number: "5365-1010-1010-1010", merchant_uid: "order_1", list: [{ cvc: "123" }], birth: null },
    });
    expect(masked).toEqual({ response: { card_number: MASK, merchant_uid: "order_1", list: [{ cvc: MASK }], birth: null } });
  });

  it("scrubs remembered secrets and card-number-like digits from free text", () => {
    masker.learn({ imp_secret: "s3cr3t-value-xyz" }, "Bearer tok_abcdef123456");
    expect(masker.scrubText("secret s3cr3t-value-xyz, token tok_abcdef123456, card 4518 4200 0000 1234, amount 1000")).toBe(
      `secret ${MASK}, token ${MASK}, card ${MASK}, amount 1000`,
    );
  });
});
