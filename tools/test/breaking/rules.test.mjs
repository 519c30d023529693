import { describe, expect, it } from "vitest";
import { diffSpecs, RULES } from "../../breaking/diff.mjs";
import { checkRelease } from "../../breaking/repository.mjs";

const ref = (name) => ({ $ref: `#/components/schemas/${name}` });

/** A small spec in our style: envelope via allOf, oneOf error bodies, JSON + form bodies, a recursive schema. */
function baseSpec() {
  return {
    openapi: "3.1.0",
    info: { title: "fixture", version: "1.0.0" },
    security: [{ accessToken: [] }],
    paths: {
      "/things/{id}": {
        parameters: [{ $ref: "#/components/parameters/Id" }],
        get: {
          operationId: "getThing",
          parameters: [{ name: "limit", in: "query", schema: { type: "integer", minimum: 1 } }],
          responses: {
            200: { description: "ok", content: { "application/json": { schema: ref("ThingResponse") } } },
            401: { $ref: "#/components/responses/Unauthorized" },
          },
        },
      },
      "/things": {
        post: {
          operationId: "createThing",
          security: [],
          requestBody: {
            required: true,
            content: {
              "application/json": { schema: ref("CreateThing") },
              "application/x-www-form-urlencoded": { schema: ref("CreateThing") },
            },
          },
          responses: {
            200: {
              description: "ok",
              content: { "application/json": { schema: { oneOf: [ref("ThingResponse"), ref("ErrorEnvelope")] } } },
            },
          },
        },
      },
    },
    components: {
      parameters: { Id: { name: "id", in: "path", required: true, schema: { type: "string" } } },
      responses: { Unauthorized: { description: "no", content: { "application/json": { schema: ref("ErrorEnvelope") } } } },
      schemas: {
        Envelope: {
          type: "object",
          required: ["code", "message"],
          properties: { code: { type: "integer" }, message: { type: ["string", "null"] } },
        },
        ErrorEnvelope: { allOf: [ref("Envelope"), { type: "object", properties: { response: { type: "null" } } }] },
        ThingResponse: { allOf: [ref("Envelope"), { type: "object", required: ["response"], properties: { response: ref("Thing") } }] },
        Thing: {
          type: "object",
          required: ["id", "status", "tags"],
          properties: {
            id: { type: "string" },
            status: ref("Status"),
            name: { type: ["string", "null"] },
            price: { type: "number" },
            tags: { type: "array", items: { type: "object", properties: { label: { type: "string" } } } },
            parent: { anyOf: [ref("Thing"), { type: "null" }] },
          },
        },
        Status: { type: "string", enum: ["ready", "paid", "cancelled"] },
        CreateThing: {
          allOf: [
            {
              type: "object",
              required: ["name"],
              properties: {
                name: { type: "string" },
                note: { type: ["string", "null"] },
                amount: { type: "number" },
                kind: { type: "string" },
                mode: { type: "string", enum: ["fast", "slow"] },
                code: { type: "string", maxLength: 10, pattern: "^[0-9]+$" },
              },
            },
            {
              anyOf: [
                { type: "object", required: ["a"], properties: { a: { type: "string" }, name: { type: "string", minLength: 1 } } },
                { type: "object", required: ["b"], properties: { b: { type: "string" } } },
              ],
            },
          ],
        },
      },
    },
  };
}

const schemas = (spec) => spec.components.schemas;
const createFields = (spec) => schemas(spec).CreateThing.allOf[0];

/** [rule that must fire, where (substring of the location), edit of the head spec] */
const breakingCases = [
  ["operation-removed", "operation", (s) => delete s.paths["/things"].post],
  ["operation-id-renamed", "operationId", (s) => (s.paths["/things/{id}"].get.operationId = "fetchThing")],
  ["response-field-removed", "response 200 application/json › response.name", (s) => delete schemas(s).Thing.properties.name],
  ["response-field-removed", "response.tags[].label", (s) => delete schemas(s).Thing.properties.tags.items.properties.label],
  ["response-field-removed", "response 401 application/json › response", (s) => (schemas(s).ErrorEnvelope.allOf[1].properties = {})],
  ["response-enum-value-removed", "response.status", (s) => (schemas(s).Status.enum = ["ready", "paid"])],
  ["response-field-became-optional", "response.tags", (s) => (schemas(s).Thing.required = ["id", "status"])],
  ["response-removed", "response 200", (s) => delete s.paths["/things/{id}"].get.responses["200"]],
  [
    "response-media-type-removed",
    "response 200 application/json",
    (s) => (s.paths["/things"].post.responses["200"].content = { "text/plain": {} }),
  ],
  [
    "required-field-added",
    "request body application/json, application/x-www-form-urlencoded › currency",
    (s) => {
      createFields(s).properties.currency = { type: "string" };
      createFields(s).required.push("currency");
    },
  ],
  ["field-became-required", "› note", (s) => createFields(s).required.push("note")],
  [
    "required-parameter-added",
    "parameter query page",
    (s) => s.paths["/things/{id}"].get.parameters.push({ name: "page", in: "query", required: true }),
  ],
  ["parameter-became-required", "parameter query limit", (s) => (s.paths["/things/{id}"].get.parameters[0].required = true)],
  ["parameter-removed", "parameter query limit", (s) => (s.paths["/things/{id}"].get.parameters = [])],
  ["type-narrowed", "› note", (s) => (createFields(s).properties.note = { type: "string" })],
  ["type-narrowed", "› amount", (s) => (createFields(s).properties.amount = { type: "integer" })],
  ["type-changed", "parameter path id", (s) => (s.components.parameters.Id.schema = { type: "integer" })],
  ["type-changed", "› kind", (s) => (createFields(s).properties.kind = { type: "integer" })],
  ["enum-restricted", "› kind", (s) => (createFields(s).properties.kind.enum = ["x", "y"])],
  ["enum-value-removed", "› mode", (s) => (createFields(s).properties.mode.enum = ["fast"])],
  ["request-field-removed", "› amount", (s) => delete createFields(s).properties.amount],
  [
    "request-media-type-removed",
    "request body application/x-www-form-urlencoded",
    (s) => delete s.paths["/things"].post.requestBody.content["application/x-www-form-urlencoded"],
  ],
  [
    "required-field-added",
    "(anyOf #1)",
    (s) => {
      const branch = schemas(s).CreateThing.allOf[1].anyOf[0];
      branch.properties.c = { type: "string" };
      branch.required.push("c");
    },
  ],
  ["request-alternative-removed", "request body", (s) => schemas(s).CreateThing.allOf[1].anyOf.pop()],
  ["request-field-removed", "› a", (s) => delete schemas(s).CreateThing.allOf[1].anyOf[0].properties.a],
  ["security-required", "security", (s) => delete s.paths["/things"].post.security],
  ["request-body-removed", "request body", (s) => delete s.paths["/things"].post.requestBody],
];

const warningCases = [
  ["constraint-tightened", "› code", (s) => (createFields(s).properties.code.maxLength = 5)],
  ["constraint-tightened", "› name", (s) => (createFields(s).properties.name.pattern = "^[a-z]+$")],
  ["pattern-changed", "› code", (s) => Object.assign(createFields(s).properties.code, { pattern: "^[0-9-]+$" })],
  ["constraint-tightened", "parameter query limit", (s) => (s.paths["/things/{id}"].get.parameters[0].schema.minimum = 5)],
  ["response-type-widened", "response.price", (s) => (schemas(s).Thing.properties.price.type = ["number", "null"])],
  ["response-enum-value-added", "response.status", (s) => schemas(s).Status.enum.push("failed")],
  ["security-changed", "security", (s) => (s.security = [{ otherToken: [] }])],
  ["error-response-removed", "response 401", (s) => delete s.paths["/things/{id}"].get.responses["401"]],
];

const additiveCases = [
  ["new operation", (s) => (s.paths["/things/{id}"].delete = { operationId: "deleteThing", responses: { 200: { description: "ok" } } })],
  ["new optional request field", (s) => (createFields(s).properties.memo = { type: "string" })],
  [
    "new optional query parameter",
    (s) => s.paths["/things/{id}"].get.parameters.push({ name: "sort", in: "query", schema: { type: "string" } }),
  ],
  ["new response field", (s) => (schemas(s).Thing.properties.created_at = { type: "integer" })],
  ["request type widened to nullable", (s) => (createFields(s).properties.kind.type = ["string", "null"])],
  ["request integer widened to number", (s) => (s.paths["/things/{id}"].get.parameters[0].schema.type = "number")],
  ["request enum value added", (s) => createFields(s).properties.mode.enum.push("medium")],
  ["required request field became optional", (s) => (createFields(s).required = [])],
  ["request constraint loosened", (s) => (createFields(s).properties.code.maxLength = 50)],
  ["response field now always present", (s) => schemas(s).Thing.required.push("name")],
  ["response type narrowed", (s) => (schemas(s).Envelope.properties.message.type = "string")],
  ["new response status", (s) => (s.paths["/things/{id}"].get.responses["404"] = { $ref: "#/components/responses/Unauthorized" })],
  ["new request media type", (s) => (s.paths["/things"].post.requestBody.content["multipart/form-data"] = { schema: ref("CreateThing") })],
  [
    "request alternative added",
    (s) => schemas(s).CreateThing.allOf[1].anyOf.push({ type: "object", required: ["d"], properties: { d: {} } }),
  ],
  ["another security scheme accepted as an alternative", (s) => s.security.push({ legacyToken: [] })],
  ["a branch stops constraining a field the object declares", (s) => delete schemas(s).CreateThing.allOf[1].anyOf[0].properties.name],
  ["descriptions and examples only", (s) => Object.assign(schemas(s).Thing, { description: "new words", examples: [{ id: "x" }] })],
];

function changed(edit) {
  const head = baseSpec();
  edit(head);
  return head;
}

describe("breaking-change rules", () => {
  it("finds nothing between a spec and itself, and survives recursive schemas", () => {
    expect(diffSpecs(baseSpec(), baseSpec())).toEqual([]);
  });

  it.each(breakingCases)("%s fires at %s", (rule, where, edit) => {
    const changes = diffSpecs(baseSpec(), changed(edit));
    const hit = changes.find((c) => c.rule === rule && c.location.includes(where));
    expect(hit, JSON.stringify(changes, null, 1)).toBeDefined();
    expect(hit.severity).toBe("breaking");
    expect(RULES[rule].severity).toBe("breaking");
    const base = { base: baseSpec(), head: changed(edit), baseVersion: "1.0.0", infoVersion: false };
    expect(checkRelease({ ...base, headVersion: "1.1.0" }).ok).toBe(false);
    expect(checkRelease({ ...base, headVersion: "2.0.0" }).ok).toBe(true);
  });

  it.each(warningCases)("%s is a warning at %s, reported without failing", (rule, where, edit) => {
    const result = checkRelease({ base: baseSpec(), head: changed(edit), baseVersion: "1.0.0", headVersion: "1.0.0", infoVersion: false });
    const hit = result.warnings.find((c) => c.rule === rule && c.location.includes(where));
    expect(hit, JSON.stringify(result.changes, null, 1)).toBeDefined();
    expect(result.breaking).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it.each(additiveCases)("additive: %s passes without a bump", (_name, edit) => {
    const result = checkRelease({ base: baseSpec(), head: changed(edit), baseVersion: "1.0.0", headVersion: "1.0.0", infoVersion: false });
    expect(result.breaking, JSON.stringify(result.changes, null, 1)).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it("reports one shared-schema edit once per operation, naming both request media types", () => {
    const changes = diffSpecs(
      baseSpec(),
      changed((s) => (createFields(s).properties.note = { type: "string" })),
    );
    expect(changes).toEqual([
      {
        operation: "POST /things",
        location: "request body application/json, application/x-www-form-urlencoded › note",
        rule: "type-narrowed",
        severity: "breaking",
        before: "null | string",
        after: "string",
      },
    ]);
  });

  it("reports an operation moved to another path as removed, saying where it went", () => {
    const head = changed((s) => {
      s.paths["/v2/things"] = s.paths["/things"];
      delete s.paths["/things"];
    });
    const changes = diffSpecs(baseSpec(), head);
    expect(changes).toContainEqual(expect.objectContaining({ rule: "operation-removed", after: "moved to POST /v2/things" }));
    expect(changes).toContainEqual(expect.objectContaining({ rule: "operation-added", operation: "POST /v2/things" }));
  });

  it("judges webhook bodies as data we receive", () => {
    const hook = (status) => ({
      post: { requestBody: { content: { "application/json": { schema: { type: "object", properties: { status } } } } } },
    });
    const base = { ...baseSpec(), webhooks: { paymentUpdated: hook({ type: "string", enum: ["paid", "failed"] }) } };
    const head = { ...baseSpec(), webhooks: { paymentUpdated: hook({ type: "string", enum: ["paid"] }) } };
    expect(diffSpecs(base, head)).toContainEqual(
      expect.objectContaining({ rule: "response-enum-value-removed", operation: "WEBHOOK paymentUpdated (POST)" }),
    );
  });
});
