// Builds the API reference: one self-contained HTML page in dist/, ready to
// publish as-is.
//
// 1. Reads the bundled spec (@iamport-contract/spec) and generates a
//    TypeScript sample per operation (samples.mjs). The samples go into
//    generated/samples/*.ts, where `npm test` type-checks them against the
//    real client, and into `x-codeSamples` of a copy of the bundle
//    (generated/openapi.docs.json) used only for this page. The spec's own
//    files are never modified.
// 2. Runs `redocly build-docs --inlineBundle` on that copy: Redoc is embedded
//    instead of loaded from a CDN, so the page works without internet access.
// 3. Patches out the one remaining external request (Redoc's footer logo).
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { SAMPLE_LABEL, SAMPLE_LANG, withCodeSamples } from "./samples.mjs";

const require = createRequire(import.meta.url);
const bundled = require.resolve("@iamport-contract/spec/openapi.json");
const redocly = fileURLToPath(new URL("node_modules/@redocly/cli/bin/cli.js", import.meta.url));
const outDir = fileURLToPath(new URL("dist/", import.meta.url));
const generatedDir = fileURLToPath(new URL("generated/", import.meta.url));
const samplesDir = fileURLToPath(new URL("generated/samples/", import.meta.url));
const docsSpec = `${generatedDir}openapi.docs.json`;

// Redoc options (Redoc 3, as shipped with @redocly/cli 2.x).
const REDOC_OPTIONS = {
  // Redoc 3 shows a language only when an operation has an `x-codeSamples`
  // entry whose label matches it; ours is the only one, so it is the default.
  codeSamples: { languages: [{ lang: SAMPLE_LANG, label: SAMPLE_LABEL }] },
  // The page is published without the spec file next to it.
  hideDownloadButtons: true,
  jsonSamplesExpandLevel: 3,
};

// 1. Samples and the docs-only copy of the bundle.
const spec = JSON.parse(readFileSync(bundled, "utf8"));
const { spec: docsBundle, samples } = withCodeSamples(spec);
mkdirSync(samplesDir, { recursive: true });
for (const stale of readdirSync(samplesDir)) {
  if (stale.endsWith(".ts") && !samples.has(stale)) rmSync(`${samplesDir}${stale}`);
}
for (const [file, source] of samples) writeFileSync(`${samplesDir}${file}`, source);
writeFileSync(docsSpec, `${JSON.stringify(docsBundle, null, 2)}\n`);
console.log(`[docs] ${samples.size} TypeScript samples → generated/samples/, docs bundle → generated/openapi.docs.json`);

// 2. The page.
mkdirSync(outDir, { recursive: true });
console.log("[docs] redocly build-docs → dist/index.html");
execFileSync(
  process.execPath,
  [
    redocly,
    "build-docs",
    docsSpec,
    "--inlineBundle",
    "--output",
    `${outDir}index.html`,
    "--title",
    "PortOne V1 API reference (iamport-contract)",
    "--openapi",
    JSON.stringify(REDOC_OPTIONS),
    "--lint-config",
    "off",
  ],
  {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_NOTIFICATIONS: "true" },
  },
);

// 3. Redoc's sidebar footer always renders a logo image from cdn.redoc.ly, and
// no setting turns it off. Point it at an inline empty SVG and hide the
// attribution link, so the page requests nothing from other hosts.
const page = `${outDir}index.html`;
const EMPTY_SVG = "data:image/svg+xml,%3Csvg%20xmlns%3D%22http%3A%2F%2Fwww.w3.org%2F2000%2Fsvg%22%2F%3E";
const CDN_LOGOS = ["https://cdn.redoc.ly/redoc/logo-mini-full.svg", "https://cdn.redoc.ly/redoc/logo-mini.svg"];
let html = readFileSync(page, "utf8");
for (const logo of CDN_LOGOS) {
  if (!html.includes(logo))
    throw new Error(`Expected Redoc to reference ${logo}; the offline patch needs updating for this Redocly version.`);
  html = html.replaceAll(logo, EMPTY_SVG);
}
// Deprecated operations: Redoc greys their method tag in the sidebar
// (`tag-http-deprecated`); also strike their label through, so the mark does
// not rest on colour alone.
const STYLE = [
  'a[href="https://redocly.com/redoc/"]{display:none!important}',
  ".menu-item-type-operation:has(.tag-http-deprecated) [data-text]{text-decoration:line-through}",
].join("\n");
html = html.replace("</head>", `<style>\n${STYLE}\n</style>\n</head>`);
if (/<(script|link)[^>]+(src|href)="https?:\/\//i.test(html))
  throw new Error("The page still loads a script or stylesheet from another host.");
writeFileSync(page, html);
console.log(`[docs] offline patch applied; wrote ${page}`);
