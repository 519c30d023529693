// Builds the API reference: one self-contained HTML page in dist/, ready to
// publish as-is. `--inlineBundle` embeds Redoc instead of loading it from a
// CDN, so the page works on networks without internet access.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const spec = require.resolve("@iamport-contract/spec/openapi.json");
const redocly = fileURLToPath(new URL("node_modules/@redocly/cli/bin/cli.js", import.meta.url));
const outDir = fileURLToPath(new URL("dist/", import.meta.url));

mkdirSync(outDir, { recursive: true });
console.log("[docs] redocly build-docs → dist/index.html");
execFileSync(
  process.execPath,
  [
    redocly,
    "build-docs",
    spec,
    "--inlineBundle",
    "--output",
    `${outDir}index.html`,
    "--title",
    "PortOne V1 API reference (iamport-contract)",
    "--lint-config",
    "off",
  ],
  {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_NOTIFICATIONS: "true" },
  },
);

// Redoc's sidebar footer always renders a logo image from cdn.redoc.ly, and
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
html = html.replace("</head>", '<style>a[href="https://redocly.com/redoc/"]{display:none!important}</style>\n</head>');
writeFileSync(page, html);
console.log(`[docs] offline patch applied; wrote ${page}`);
