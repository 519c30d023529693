import {
  dereference,
  examplesOf,
  firstExample,
  isSupplementsPath,
  listOperations,
  listWebhooks,
  loadBundle,
  resolveRef,
  sensitiveFieldNames,
} from "@iamport-contract/spec/toolkit";
import { describe, expect, it } from "vitest";

const doc = {
  paths: {
    "/things/{id}": {
      parameters: [{ $ref: "#/components/parameters/Id" }],
      get: {
        operationId: "getThing",
        responses: { 200: { content: { "application/json": { examples: { one: { $ref: "#/components/examples/One" } } } } } },
      },
      post: { requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/Card" } } } } },
    },
    "/api/supplements/v1/link": { put: { operationId: "putLink" } },
  },
  webhooks: {
    paymentNotice: { $ref: "#/components/pathItems/Notice" },
  },
  components: {
    pathItems: { Notice: { post: { operationId: "receiveNotice" } } },
    parameters: { Id: { name: "id", in: "path", required: true, schema: { type: "string" } } },
    examples: { One: { value: { code: 0 } } },
    schemas: {
      Card: {
        type: "object",
        properties: { card_number: { type: "string", "x-sensitive": true }, tree: { $ref: "#/components/schemas/Tree" } },
      },
      Tree: { type: "object", properties: { child: { $ref: "#/components/schemas/Tree" }, "a/b": { type: "integer" } } },
    },
  },
};

describe("spec toolkit", () => {
  it("lists every operation with resolved path-level parameters and its API", () => {
    const operations = listOperations(doc);
    expect(operations.map((o) => `${o.method} ${o.path} ${o.operationId} ${o.supplements}`)).toEqual([
      "get /things/{id} getThing false",
      "post /things/{id} post /things/{id} false",
      "put /api/supplements/v1/link putLink true",
    ]);
    expect(operations[0].parameters[0].name).toBe("id");
  });

  it("lists every webhook by name, its path item resolved", () => {
    expect(listWebhooks(doc).map((w) => `${w.method} ${w.name} ${w.operationId}`)).toEqual(["post paymentNotice receiveNotice"]);
    expect(listWebhooks({ paths: {} })).toEqual([]);
  });

  it("resolves local refs, escaped pointers included, and refuses others", () => {
    expect(resolveRef(doc, { $ref: "#/components/parameters/Id" }).in).toBe("path");
    expect(resolveRef({ a: { "x/y": 1 } }, { $ref: "#/a/x~1y" })).toBe(1);
    expect(() => resolveRef(doc, { $ref: "other.yaml#/x" })).toThrow(/local/);
    expect(() => resolveRef(doc, { $ref: "#/components/schemas/Nope" })).toThrow(/Unresolvable/);
  });

  it("dereferences everything except a schema's reference to itself", () => {
    const flat = dereference(doc);
    const card = flat.paths["/things/{id}"].post.requestBody.content["application/json"].schema;
    expect(card.properties.card_number["x-sensitive"]).toBe(true);
    expect(card.properties.tree.properties.child).toEqual({ $ref: "#/components/schemas/Tree" });
    expect(JSON.stringify(flat.paths)).not.toContain("#/components/parameters");
  });

  it("picks named examples", () => {
    const media = doc.paths["/things/{id}"].get.responses[200].content["application/json"];
    expect(examplesOf(doc, media)).toEqual([["one", { code: 0 }]]);
    expect(firstExample(doc, media)).toEqual({ name: "one", value: { code: 0 } });
    expect(firstExample(doc, {})).toBeUndefined();
  });

  it("finds sensitive fields and supplements paths", () => {
    expect([...sensitiveFieldNames(doc)]).toEqual(["card_number"]);
    expect(isSupplementsPath("/api/supplements/v1/link/payment")).toBe(true);
    expect(isSupplementsPath("/payments/cancel")).toBe(false);
  });

  it("works on the real bundle", () => {
    const bundle = loadBundle();
    const operations = listOperations(bundle);
    expect(operations.length).toBeGreaterThanOrEqual(89);
    expect(new Set(operations.map((o) => o.operationId)).size).toBe(operations.length);
    const sensitive = sensitiveFieldNames(bundle);
    for (const name of ["card_number", "expiry", "birth", "pwd_2digit", "imp_secret"]) expect(sensitive, name).toContain(name);
    expect(JSON.stringify(dereference(bundle).paths)).not.toMatch(/"\$ref":"#\/components\/(parameters|responses|examples|requestBodies)/);
  });
});
