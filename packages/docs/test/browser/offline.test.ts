import { mkdirSync } from "node:fs";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OpenReference, openReference } from "./launch.js";
import { loadBundledSpec, operationsOf, resolveRef } from "./spec.js";

const ARTIFACTS = new URL("../../test-results/", import.meta.url);
const MENU_ITEM = '[data-component-name="Menu/MenuItem"]';
const spec = loadBundledSpec();
const operations = operationsOf(spec);

let reference: OpenReference;
let page: Page;

interface NavOperation {
  href: string;
  label: string;
  method: string;
  deprecated: boolean;
  /** Label of the sidebar group (tag) it was found in; "" if it was visible without opening one. */
  group: string;
}

/**
 * Redoc collapses every tag in the sidebar and keeps only the active one
 * open, so open each group in turn and collect the operations it shows.
 */
async function collectNavigation(): Promise<Map<string, NavOperation>> {
  const found = new Map<string, NavOperation>();
  const collect = async (group: string) => {
    const items = await page.locator(`${MENU_ITEM}.menu-item-type-operation`).evaluateAll((elements) =>
      elements.map((element) => ({
        href: element.querySelector("a")?.getAttribute("href") ?? "",
        label: element.querySelector("[data-text]")?.getAttribute("data-text") ?? "",
        method: (element.querySelector(".tag-http")?.textContent ?? "").trim().toLowerCase(),
        deprecated: element.querySelector(".tag-http-deprecated") !== null,
      })),
    );
    for (const item of items) if (!found.has(item.href)) found.set(item.href, { ...item, group });
  };
  await collect("");
  const groups = page.locator(`${MENU_ITEM}.menu-item-type-group`);
  // Bounded: a group can be nested in another, so the count is re-read, but never beyond 500 clicks.
  for (let index = 0; index < (await groups.count()) && index < 500; index++) {
    const group = groups.nth(index);
    const label = await group.locator("[data-text]").first().getAttribute("data-text");
    // A click toggles: a group Redoc already opened (the active tag's) would close. Open it only
    // while it is closed, and click again if a busy runner let a click land before Redoc was ready.
    const firstOperation = group.locator(".menu-item-type-operation").first();
    for (let attempt = 0; attempt < 3 && !(await firstOperation.isVisible()); attempt++) {
      await group.locator('[data-testid="menu-item-label"]').first().click();
      await firstOperation.waitFor({ state: "visible", timeout: 10_000 }).catch(() => undefined);
    }
    await firstOperation.waitFor({ state: "visible", timeout: 10_000 });
    await collect(label ?? "");
  }
  return found;
}

function navItemFor(nav: Map<string, NavOperation>, method: string, label: string): NavOperation {
  const item = [...nav.values()].find((entry) => entry.method === method && entry.label === label);
  if (!item) throw new Error(`No navigation entry for ${method.toUpperCase()} "${label}"`);
  return item;
}

/** Elements matching `locator` whose box intersects the viewport. */
async function inViewport(locator: Locator): Promise<string[]> {
  return locator.evaluateAll((elements) =>
    elements
      .filter((element) => {
        const box = element.getBoundingClientRect();
        return box.height > 0 && box.bottom > 0 && box.top < window.innerHeight;
      })
      .map((element) => element.textContent ?? ""),
  );
}

let nav: Map<string, NavOperation>;

beforeAll(async () => {
  reference = await openReference();
  page = reference.page;
}, 60_000);

afterAll(async () => {
  await reference?.close();
});

describe("API reference, offline", () => {
  it("renders the spec's title", async () => {
    await expect(page.locator("h1").first().textContent()).resolves.toContain("PortOne V1 REST API");
  });

  it("loads nothing from other hosts and logs no console errors", async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: new URL("reference.png", ARTIFACTS).pathname, fullPage: false });
    expect(reference.externalRequests).toEqual([]);
    expect(reference.consoleErrors).toEqual([]);
  });

  it("shows nothing of Redoc's hidden attribution, not even its wrapper (a stray grey bar)", async () => {
    const attribution = page.locator('.menu-content span:has(> a[href="https://redocly.com/redoc/"])');
    await expect(attribution.count()).resolves.toBe(1);
    await expect(attribution.isVisible()).resolves.toBe(false);
  });

  it("lists every section of the guide (info.description) in the navigation", async () => {
    const description = String((spec as { info?: { description?: string } }).info?.description ?? "");
    const headings = [...description.matchAll(/^## +(.+?)\s*$/gm)].map((match) => match[1]);
    expect(headings.length).toBeGreaterThan(0);
    const labels = await page
      .locator(`${MENU_ITEM} [data-text]`)
      .evaluateAll((elements) => elements.map((element) => element.getAttribute("data-text")));
    for (const heading of headings) expect(labels).toContain(heading);
  });

  it("lists every operation of the bundled spec in the navigation", async () => {
    nav = await collectNavigation();
    const expected = operations.map((operation) => `${operation.method} ${operation.label}`).sort();
    const listed = [...nav.values()].map((item) => `${item.method} ${item.label}`).sort();
    expect(operations.length).toBeGreaterThan(0);
    expect(listed).toEqual(expected);
  }, 120_000);

  it("marks deprecated operations in the navigation and on their page", async () => {
    const deprecated = operations.filter((operation) => operation.deprecated);
    expect(deprecated.length, "the spec marks some operations deprecated").toBeGreaterThan(0);
    const marked = [...nav.values()].filter((item) => item.deprecated).map((item) => `${item.method} ${item.label}`);
    expect(marked.sort()).toEqual(deprecated.map((operation) => `${operation.method} ${operation.label}`).sort());

    const [first] = deprecated;
    if (!first) throw new Error("unreachable");
    await page.goto(`${reference.url}${navItemFor(nav, first.method, first.label).href}`);
    const heading = page.locator("h2").filter({ hasText: first.label }).first();
    await heading.waitFor({ state: "visible" });
    await expect(heading.textContent()).resolves.toMatch(/deprecated/i);
    // Not marked: an operation that is not deprecated.
    const current = operations.find((operation) => !operation.deprecated && !operation.webhook);
    if (current) expect(navItemFor(nav, current.method, current.label).deprecated).toBe(false);
  });

  it("shows an operation's example response when it is clicked in the navigation", async () => {
    const cancel = operations.find((operation) => operation.method === "post" && operation.path === "/payments/cancel");
    if (!cancel) throw new Error("POST /payments/cancel is not in the bundled spec");
    const success = resolveRef<{ content?: Record<string, { examples?: Record<string, unknown> }> }>(
      spec,
      cancel.operation.responses?.["200"],
    );
    const [firstExample] = Object.values(success.content?.["application/json"]?.examples ?? {});
    const example = resolveRef<{ value: { response?: { imp_uid?: string } } }>(spec, firstExample);
    const impUid = example.value.response?.imp_uid;
    expect(impUid, "the first 200 example of cancelPayment names a payment").toBeTruthy();

    await page.goto(reference.url, { waitUntil: "networkidle" });
    const item = navItemFor(nav, "post", cancel.label);
    const group = page.locator(`${MENU_ITEM}.menu-item-type-group`).filter({ has: page.locator(`[data-text="${item.group}"]`) });
    await group.locator('[data-testid="menu-item-label"]').first().click();
    await page.locator(`${MENU_ITEM} a[href="${item.href}"]`).click();
    await page.waitForURL((url) => url.hash === item.href);
    await page.locator("h2").filter({ hasText: cancel.label }).first().waitFor({ state: "visible" });
    // The clicked operation's own section (Redoc renders a tag's operations on one page).
    const responses = page.locator(`[data-section-id="${item.href.slice(1)}"] .panel-response-samples`);
    // Redoc scrolls smoothly after navigation and may move the page again while it
    // renders: keep bringing the panel into view until it settles there.
    await expect
      .poll(
        async () => {
          await responses.scrollIntoViewIfNeeded();
          return (await inViewport(responses)).length;
        },
        { timeout: 20_000 },
      )
      .toBe(1);
    await expect.poll(() => responses.textContent(), { timeout: 10_000 }).toMatch(new RegExp(`"imp_uid":\\s*"${impUid}"`));
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: new URL("operation-cancel.png", ARTIFACTS).pathname });
  });

  it('finds the cancel operation when searching for "cancel"', async () => {
    const cancel = operations.find((operation) => operation.method === "post" && operation.path === "/payments/cancel");
    if (!cancel) throw new Error("POST /payments/cancel is not in the bundled spec");
    expect(cancel.label).toBe("결제 취소·부분취소 · Cancel a payment in full or in part");
    await page.goto(reference.url, { waitUntil: "networkidle" });
    await page.locator('[data-testid="search-trigger"]').click();
    await page.locator('[data-component-name="Search/SearchInput"] input').fill("cancel");
    const hit = page.locator('[data-component-name="Search/SearchItem"]').filter({ hasText: cancel.label });
    await hit.first().waitFor({ state: "visible", timeout: 10_000 });
    await expect(hit.first().getAttribute("href")).resolves.toBe(navItemFor(nav, "post", cancel.label).href);
    await expect(hit.first().textContent()).resolves.toContain("/payments/cancel");
    await page.screenshot({ path: new URL("search-cancel.png", ARTIFACTS).pathname });
    await page.keyboard.press("Escape");
  });

  it("still loaded nothing from other hosts after all the clicking", () => {
    expect(reference.externalRequests).toEqual([]);
    expect(reference.consoleErrors).toEqual([]);
  });
});
