import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SPEC_VERSION } from "../../src/index.js";

const bundle = JSON.parse(readFileSync(new URL("../../../../spec/dist/openapi.json", import.meta.url), "utf8"));
const specPackage = JSON.parse(readFileSync(new URL("../../../../spec/package.json", import.meta.url), "utf8"));

describe("SPEC_VERSION", () => {
  it("is the info.version of the spec bundle the client was generated from", () => {
    expect(SPEC_VERSION).toBe(bundle.info.version);
  });

  it("matches the published spec package's version", () => {
    expect(SPEC_VERSION).toBe(specPackage.version);
  });
});
