import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { serveReference } from "../../server.mjs";

/** Debian's Chromium; `.ci/run` installs it (`apt-get install chromium`). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

// Without the background-networking flags Chromium itself calls Google's
// hosts at start-up; the sandbox here has no network, and the test must see
// only the page's own requests.
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface OfflinePage {
  page: Page;
  /** Every request the page made to a host other than the reference server (blocked). */
  externalRequests: string[];
  consoleErrors: string[];
  close(): Promise<void>;
}

/** Opens `url` in a fresh Chromium profile with every request to another host blocked and recorded. */
export async function openOffline(url: string): Promise<OfflinePage> {
  const profile = mkdtempSync(join(tmpdir(), "iamport-docs-chromium-"));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS });
  const page = await context.newPage();
  const allowedHost = new URL(url).host;
  const externalRequests: string[] = [];
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(String(error)));
  await context.route("**/*", (route) => {
    const requested = new URL(route.request().url());
    if (requested.protocol === "data:" || requested.protocol === "blob:" || requested.host === allowedHost) return route.continue();
    externalRequests.push(requested.href);
    return route.abort("blockedbyclient");
  });
  return {
    page,
    externalRequests,
    consoleErrors,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface OpenReference extends OfflinePage {
  /** The reference server's URL, ending in `/`. */
  url: string;
}

/**
 * Serves the built reference on a free loopback port and opens it offline in
 * a 1400×900 window, loaded until the network is idle; `close` stops both.
 */
export async function openReference(): Promise<OpenReference> {
  const reference = await serveReference({ port: 0 });
  const browser = await openOffline(reference.url);
  await browser.page.setViewportSize({ width: 1400, height: 900 });
  await browser.page.goto(reference.url, { waitUntil: "networkidle" });
  return {
    ...browser,
    url: reference.url,
    close: async () => {
      await browser.close();
      await reference.close();
    },
  };
}
