import { mkdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveReference } from "../../server.mjs";
import { type OfflinePage, openOffline } from "./launch.js";

const ARTIFACTS = new URL("../../test-results/", import.meta.url);

let reference: Awaited<ReturnType<typeof serveReference>>;
let browser: OfflinePage;

beforeAll(async () => {
  reference = await serveReference({ port: 0 });
  browser = await openOffline(reference.url);
  await browser.page.goto(reference.url, { waitUntil: "networkidle" });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await reference?.close();
});

describe("API reference, offline", () => {
  it("renders the spec's title", async () => {
    await expect(browser.page.locator("h1").first().textContent()).resolves.toContain("PortOne V1 REST API");
  });

  it("loads nothing from other hosts and logs no console errors", async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await browser.page.screenshot({ path: new URL("reference.png", ARTIFACTS).pathname, fullPage: false });
    expect(browser.externalRequests).toEqual([]);
    expect(browser.consoleErrors).toEqual([]);
  });
});
