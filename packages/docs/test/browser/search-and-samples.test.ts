// The reference as the held-out check sees it: Chromium, every other host
// blocked; substring search in Korean and by operationId finds the right
// operation or page; every operation shows a curl and a JSON sample; no
// external request, no console error. Saves screenshots of the guide, one
// operation and Korean search results under test-results/.
import { mkdirSync } from "node:fs";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OpenReference, openReference } from "./launch.js";
import { loadBundledSpec, operationsOf } from "./spec.js";

const ARTIFACTS = new URL("../../test-results/", import.meta.url);
const spec = loadBundledSpec() as ReturnType<typeof loadBundledSpec> & { tags?: { name: string }[] };
const operations = operationsOf(spec);
const routeOf = (operation: Record<string, unknown>) =>
  `/${(operation.tags as string[])[0]}/${String(operation.operationId).toLowerCase()}`;

let reference: OpenReference;
let page: Page;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  reference = await openReference();
  page = reference.page;
}, 60_000);

afterAll(async () => {
  await reference?.close();
});

async function searchFor(query: string) {
  await page.locator('[data-testid="search-trigger"]').first().click();
  const input = page.locator('[data-component-name="Search/SearchInput"] input');
  await input.fill(query);
  const items = page.locator('[data-component-name="Search/SearchItem"]');
  await items.first().waitFor({ state: "visible", timeout: 10_000 });
  return items.evaluateAll((elements) =>
    elements.map((element) => ({ href: element.getAttribute("href") ?? "", text: element.textContent ?? "" })),
  );
}

describe("search (substring, Korean, operationIds)", () => {
  const cancel = operations.find((operation) => operation.operation.operationId === "cancelPayment");
  if (!cancel) throw new Error("cancelPayment is not in the bundled spec");

  it("부분취소 finds POST /payments/cancel first, with a snippet whose wrapped lines keep their spaces", async () => {
    const hits = await searchFor("부분취소");
    expect(hits[0]?.href).toBe(`#${routeOf(cancel.operation)}`);
    expect(hits[0]?.text).toContain("/payments/cancel");
    expect(hits[0]?.text).toContain("remaining amount is");
    expect(hits.map((hit) => hit.text).join(" ")).not.toMatch(/amountis/);
    await page.screenshot({ path: new URL("search-korean.png", ARTIFACTS).pathname });
    // Following the hit opens the operation.
    await page.locator('[data-component-name="Search/SearchItem"]').first().click();
    await page.waitForURL((url) => url.hash === `#${routeOf(cancel.operation)}`);
    await page.locator("h2").filter({ hasText: "Cancel a payment" }).first().waitFor({ state: "visible", timeout: 20_000 });
  });

  it("cancelPayment (an operationId) finds the operation", async () => {
    const hits = await searchFor("cancelPayment");
    expect(hits[0]?.href).toBe(`#${routeOf(cancel.operation)}`);
    await page.keyboard.press("Escape");
  });

  it("웹훅 finds the webhook guide section and the webhook operation", async () => {
    const hits = (await searchFor("웹훅")).map((hit) => hit.href);
    expect(hits).toContain("#/section/webhooks");
    expect(hits).toContain("#/payments.webhook/receivepaymentnotice");
    await page.keyboard.press("Escape");
  });

  it("빌링키 finds the billing-key operations", async () => {
    const hits = (await searchFor("빌링키")).map((hit) => hit.href);
    const issue = operations.find((operation) => operation.method === "post" && operation.path === "/subscribe/customers/{customer_uid}");
    if (!issue) throw new Error("POST /subscribe/customers/{customer_uid} is not in the bundled spec");
    expect(hits).toContain(`#${routeOf(issue.operation)}`);
    await page.keyboard.press("Escape");
  });

  it("취소 also finds 발급취소 and 수납취소 inside longer words", async () => {
    const hits = await searchFor("취소");
    const text = hits.map((hit) => hit.text).join("\n");
    expect(text).toContain("발급취소");
    expect(text).toContain("수납취소");
    await page.keyboard.press("Escape");
  });

  it("a query found nowhere says so", async () => {
    await page.locator('[data-testid="search-trigger"]').first().click();
    await page.locator('[data-component-name="Search/SearchInput"] input').fill("없는검색어zz");
    await expect(page.locator('[data-testid="search-message"]').first().textContent()).resolves.toBe("No results");
    await page.keyboard.press("Escape");
  });
});

/** The languages offered by a request-samples panel's language menu (opened, read, closed). */
async function sampleLanguages(panel: Locator): Promise<string[]> {
  await panel
    .locator('button[aria-haspopup="menu"]')
    .filter({ hasText: /^curl$/ })
    .click();
  const items = page.locator('[role="menuitem"]:visible');
  await items.first().waitFor({ state: "visible", timeout: 10_000 });
  const labels = (await items.allTextContents()).map((label) => label.trim());
  await page.keyboard.press("Escape");
  return labels;
}

describe("samples", () => {
  it("every operation shows a curl sample and offers JSON and TypeScript", async () => {
    const missing: string[] = [];
    const tags = [...new Set(operations.map((operation) => (operation.operation.tags as string[])[0]))];
    for (const tag of tags) {
      // Redoc's router follows history navigation (popstate), not a bare hash change: this
      // switches tag pages without reloading the 3 MB page for each of them.
      await page.evaluate((route) => {
        history.pushState(null, "", `/#/${route}`);
        window.dispatchEvent(new PopStateEvent("popstate"));
      }, tag);
      const inTag = operations.filter((entry) => (entry.operation.tags as string[])[0] === tag);
      const [first] = inTag;
      for (const operation of inTag) {
        const section = page.locator(`[data-section-id="${routeOf(operation.operation)}"]`);
        await section.waitFor({ state: "attached", timeout: 20_000 });
        const panel = section.locator(".panel-request-samples");
        // Redoc renders sections lazily and may re-render one while it scrolls: re-read until it settles.
        let code = "";
        await expect
          .poll(
            async () => {
              await section.scrollIntoViewIfNeeded({ timeout: 5_000 }).catch(() => undefined);
              code =
                (await panel
                  .locator('[data-testid="source-code"]')
                  .first()
                  .textContent({ timeout: 5_000 })
                  .catch(() => "")) ?? "";
              return code;
            },
            { timeout: 30_000 },
          )
          .toContain("curl -X");
        // The language menu is the same component on every operation: open it on the first of each tag.
        // Redoc shows a webhook's first sample (curl) without a language menu; its JSON body is the curl's -d.
        const languages = operation.webhook
          ? ["JSON", "TypeScript"]
          : operation === first
            ? await sampleLanguages(panel)
            : ["JSON", "TypeScript"];
        const name = `${operation.method.toUpperCase()} ${operation.path}`;
        if (!code.includes(`curl -X ${operation.method.toUpperCase()}`)) missing.push(`${name}: curl`);
        if (!languages.some((label) => label.includes("JSON"))) missing.push(`${name}: JSON`);
        if (!languages.some((label) => label.includes("TypeScript"))) missing.push(`${name}: TypeScript`);
      }
    }
    expect(operations.length).toBeGreaterThan(80);
    expect(missing).toEqual([]);
  }, 300_000);

  it("the JSON sample of POST /payments/cancel is the raw request and response", async () => {
    await page.goto(`${reference.url}payments.cancel/cancelpayment`);
    const panel = page.locator('[data-section-id="/payments.cancel/cancelpayment"] .panel-request-samples');
    await panel.waitFor({ state: "visible", timeout: 20_000 });
    await panel
      .locator('button[aria-haspopup="menu"]')
      .filter({ hasText: /^curl$/ })
      .click();
    await page
      .locator('[role="menuitem"]')
      .filter({ hasText: /^JSON$/ })
      .first()
      .click();
    await expect
      .poll(async () => (await panel.locator('[data-testid="source-code"]').first().textContent()) ?? "", { timeout: 10_000 })
      .toMatch(/"request":[\s\S]*"url": "https:\/\/api\.iamport\.kr\/payments\/cancel"[\s\S]*"response":/);
    await page.screenshot({ path: new URL("operation-cancel-json.png", ARTIFACTS).pathname });
  });
});

describe("landing page, deep links and downloads", () => {
  it("states the license and both servers", async () => {
    await page.goto(reference.url, { waitUntil: "networkidle" });
    const body = (await page.locator("body").textContent()) ?? "";
    expect(body).toContain("UNLICENSED");
    expect(body).not.toContain("LicenseRef-Proprietary");
    expect(body).toContain("https://api.iamport.kr");
    expect(body).toContain("https://api.iamport.co");
    await page.locator("h2").filter({ hasText: "First call in five minutes" }).first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: new URL("guide.png", ARTIFACTS).pathname });
  });

  it("opens a sidebar route typed as a path (a link opened in a new tab)", async () => {
    const second = await reference.page.context().newPage();
    await second.goto(`${reference.url}payments.cancel`, { waitUntil: "networkidle" });
    expect(new URL(second.url()).hash).toBe("#/payments.cancel");
    await second.locator("h1, h2").filter({ hasText: "결제 취소" }).first().waitFor({ state: "visible", timeout: 20_000 });
    await second.close();
  });

  it("serves the bundled spec as JSON and YAML, and links both from the page", async () => {
    const json = await fetch(new URL("openapi.json", reference.url));
    expect(json.headers.get("content-type")).toContain("application/json");
    const downloaded = (await json.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(downloaded.openapi).toBe("3.1.0");
    // The canonical contract, as the page shows it: no lenient branches, no trailing-slash aliases.
    expect(Object.keys(downloaded.paths).sort()).toEqual(Object.keys(spec.paths ?? {}).sort());
    expect(JSON.stringify(downloaded)).not.toContain('"x-lenient"');
    const yaml = await fetch(new URL("openapi.yaml", reference.url));
    const yamlText = await yaml.text();
    expect(yamlText).toMatch(/^openapi: 3\.1\.0/m);
    expect(yamlText).not.toMatch(/^\s*x-lenient:/m);
    const html = await (await fetch(reference.url)).text();
    expect(html).toContain("openapi.json");
    expect(html).toContain("openapi.yaml");
  });

  it("loaded nothing from other hosts and logged no console errors", () => {
    expect(reference.externalRequests).toEqual([]);
    expect(reference.consoleErrors).toEqual([]);
  });
});
