import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { checkCoverage, formatReport, loadWaivers } from "../../upstream/coverage-check.mjs";
import { buildInventory, DEFAULT_SURFACE, INVENTORY_PATH } from "../../upstream/inventory.mjs";

const require = createRequire(import.meta.url);
const inventoryText = readFileSync(INVENTORY_PATH, "utf8");
const inventory = JSON.parse(inventoryText);

const tinySpec = {
  paths: {
    "/things/{id}": {
      get: {
        parameters: [{ $ref: "#/components/parameters/Id" }],
        responses: {
          200: {
            content: {
              "application/json": {
                schema: {
                  allOf: [
                    { $ref: "#/components/schemas/Envelope" },
                    {
                      properties: {
                        response: {
                          type: "object",
                          properties: { name: {}, tags: { type: "array", items: { properties: { label: {} } } } },
                        },
                      },
                    },
                  ],
                },
              },
            },
          },
        },
      },
      post: {
        requestBody: {
          content: { "application/json": { schema: { allOf: [{ properties: { a: {} } }, { anyOf: [{ properties: { b: {} } }] }] } } },
        },
        responses: {},
      },
    },
  },
  components: { parameters: { Id: { name: "id", in: "path" } }, schemas: { Envelope: { properties: { code: {}, message: {} } } } },
};
const op = (method, parameters, responseFields) => ({
  method,
  path: "/things/{id}",
  parameters: parameters.map((name) => ({ name })),
  responseFields: responseFields.map((name) => ({ name })),
});

describe("coverage checker", () => {
  it("finds parameters through $ref and body fields through allOf/anyOf, response fields through items", () => {
    const result = checkCoverage(
      tinySpec,
      { operations: [op("GET", ["id"], ["name", "tags", "tags.label"]), op("POST", ["a", "b"], [])] },
      [],
    );
    expect(result.gaps).toEqual([]);
    expect(result.totals.parameters).toEqual({ upstream: 3, present: 3, waived: 0 });
    expect(result.totals.responseFields).toEqual({ upstream: 3, present: 3, waived: 0 });
  });

  it("reports missing operations, parameters and response fields", () => {
    const result = checkCoverage(tinySpec, { operations: [op("GET", ["id", "limit"], ["name", "age"]), op("DELETE", ["x"], [])] }, []);
    expect(result.gaps).toEqual([
      { operation: "GET /things/{id}", kind: "parameters", name: "limit" },
      { operation: "GET /things/{id}", kind: "responseFields", name: "age" },
      { operation: "DELETE /things/{id}", kind: "operations", name: undefined },
    ]);
    expect(formatReport(result)).toMatch(/3 unexplained gap/);
  });

  it("accepts a gap that is waived with a reason, and flags waivers that are no longer needed", () => {
    const waivers = [
      { operation: "GET /things/{id}", kind: "parameters", name: "limit", reason: "never sent by any client we know of" },
      { operation: "GET /things/{id}", kind: "parameters", name: "id", reason: "present, so this waiver is stale" },
    ];
    const result = checkCoverage(tinySpec, { operations: [op("GET", ["id", "limit"], [])] }, waivers);
    expect(result.gaps).toEqual([]);
    expect(result.totals.parameters.waived).toBe(1);
    expect(result.unusedWaivers).toEqual([waivers[1]]);
  });

  it("checks relocated fields where a relocation waiver says they live", () => {
    const waivers = [
      { operation: "GET /things/{id}", kind: "responseFields", name: "*", foundUnder: "tags", reason: "the spec nests these under tags" },
    ];
    const found = checkCoverage(tinySpec, { operations: [op("GET", ["id"], ["label"])] }, waivers);
    expect(found.gaps).toEqual([]);
    expect(found.totals.responseFields.waived).toBe(1);
    const missing = checkCoverage(tinySpec, { operations: [op("GET", ["id"], ["colour"])] }, waivers);
    expect(missing.gaps).toEqual([{ operation: "GET /things/{id}", kind: "responseFields", name: "colour" }]);
  });
});

describe("upstream inventory", () => {
  it("holds facts only: no labels, notes or other Korean prose from the AGPL source", () => {
    expect(inventoryText).not.toMatch(/"(label|note|summary|description)"/);
    expect(inventoryText).not.toMatch(/[\uAC00-\uD7A3]/);
    expect(inventory.operations).toHaveLength(85);
  });

  it.runIf(existsSync(DEFAULT_SURFACE))("is up to date with PortOne's reference in ../shared", () => {
    const surface = JSON.parse(readFileSync(DEFAULT_SURFACE, "utf8"));
    expect(buildInventory(surface), "run: node tools/upstream/generate-inventory.mjs").toEqual(inventory);
  });
});

describe("the bundled spec against upstream", () => {
  it("covers every upstream operation, parameter and response field, or waives it with a reason", () => {
    const spec = JSON.parse(readFileSync(require.resolve("@iamport-contract/spec/openapi.json"), "utf8"));
    const result = checkCoverage(spec, inventory, loadWaivers());
    console.log(formatReport(result));
    expect(result.gaps, formatReport(result)).toEqual([]);
    expect(result.unusedWaivers).toEqual([]);
  });
});
