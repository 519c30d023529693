// Builds the API reference: one self-contained HTML page in dist/, ready to
// publish as-is.
//
// 1. Reads the canonical bundle of @iamport-contract/spec (the contract
//    without the lenient forms PortOne also tolerates: see the spec's
//    extensions.md) and generates a
//    TypeScript sample per operation (samples.mjs). The samples go into
//    generated/samples/*.ts, where `npm test` type-checks them against the
//    real client, and into `x-codeSamples` of a copy of the bundle
//    (generated/openapi.docs.json) used only for this page. The spec's own
//    files are never modified.
// 2. Runs `redocly build-docs --inlineBundle` on that copy: Redoc is embedded
//    instead of loaded from a CDN, so the page works without internet access.
// 3. Patches out the one remaining external request (Redoc's footer logo).
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { CURL_LABEL, CURL_LANG, JSON_LABEL, JSON_LANG, SAMPLE_LABEL, SAMPLE_LANG, withCodeSamples } from "./samples.mjs";
import { buildSearchIndex } from "./search-index.mjs";

const require = createRequire(import.meta.url);
// The page shows what callers should send. The wire bundle's extra shapes
// (`x-lenient`: numeric strings, nulls, trailing-slash aliases) are for
// validators, and would double every optional field's type on the page.
const bundled = require.resolve("@iamport-contract/spec/openapi.canonical.json");
const bundledYaml = require.resolve("@iamport-contract/spec/openapi.canonical.yaml");
const redocly = fileURLToPath(new URL("node_modules/@redocly/cli/bin/cli.js", import.meta.url));
const outDir = fileURLToPath(new URL("dist/", import.meta.url));
const generatedDir = fileURLToPath(new URL("generated/", import.meta.url));
const samplesDir = fileURLToPath(new URL("generated/samples/", import.meta.url));
const docsSpec = `${generatedDir}openapi.docs.json`;

// Redoc options (Redoc 3, as shipped with @redocly/cli 2.x).
const REDOC_OPTIONS = {
  // Redoc 3 shows a language only when an operation has an `x-codeSamples`
  // entry whose label matches it; curl comes first, so it is the default.
  codeSamples: {
    languages: [
      { lang: CURL_LANG, label: CURL_LABEL },
      { lang: JSON_LANG, label: JSON_LABEL },
      { lang: SAMPLE_LANG, label: SAMPLE_LABEL },
    ],
  },
  // The bundled spec is copied next to the page (step 3) for people who import it into their tools.
  hideDownloadButtons: false,
  downloadUrls: [
    { title: "OpenAPI (JSON)", url: "openapi.json" },
    { title: "OpenAPI (YAML)", url: "openapi.yaml" },
  ],
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
  // Long sample lines scroll inside their panel instead of overflowing it, and
  // the copy button gets its own space above the first line instead of covering it.
  '[data-testid="source-code"],pre{max-width:100%;overflow-x:auto}',
  '[data-testid="source-code"] pre{padding-top:2.2em}',
  readFileSync(new URL("search/search.css", import.meta.url), "utf8"),
].join("\n");
// Redoc's routes live in the URL's hash (#/payments). A route opened as a
// path (a sidebar link opened in a new tab: /payments) is served this page by
// the docs server; turn it back into the hash route before Redoc starts.
const DEEP_LINK = `(function(){var p=location.pathname;if(p!=="/"&&!/\\/index\\.html$/.test(p)&&!location.hash){history.replaceState(null,"","/#"+p+location.search);}})();`;
const searchIndex = JSON.stringify(buildSearchIndex(spec)).replaceAll("<", "\\u003c");
const SEARCH = readFileSync(new URL("search/search.js", import.meta.url), "utf8");
html = html.replace(
  "</head>",
  () => `<link rel="icon" href="data:,">\n<script>${DEEP_LINK}</script>\n<style>\n${STYLE}\n</style>\n</head>`,
);
// Redoc's inline bundle itself contains "</body>" in strings: insert before the page's last one.
const bodyEnd = html.lastIndexOf("</body>");
html = `${html.slice(0, bodyEnd)}<script>window.__DOCS_SEARCH__=${searchIndex};</script>\n<script>${SEARCH}</script>\n${html.slice(bodyEnd)}`;
if (/<(script|link)[^>]+(src|href)="https?:\/\//i.test(html))
  throw new Error("The page still loads a script or stylesheet from another host.");
writeFileSync(page, html);
// The downloads offered on the page (REDOC_OPTIONS.downloadUrls).
copyFileSync(bundled, `${outDir}openapi.json`);
copyFileSync(bundledYaml, `${outDir}openapi.yaml`);
console.log(`[docs] offline patch applied; wrote ${page}`);
