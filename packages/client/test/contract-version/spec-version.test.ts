import { createRequire } from "node:module";
import { loadBundle } from "@iamport-contract/spec/toolkit";
import { describe, expect, it } from "vitest";
import { SPEC_VERSION } from "../../src/index.js";

const bundle = loadBundle("openapi.canonical.json");
const specPackage = createRequire(import.meta.url)("@iamport-contract/spec/package.json") as { version: string };

describe("SPEC_VERSION", () => {
  it("is the info.version of the spec bundle the client was generated from", () => {
    expect(SPEC_VERSION).toBe(bundle.info.version);
  });

  it("matches the published spec package's version", () => {
    expect(SPEC_VERSION).toBe(specPackage.version);
  });
});
