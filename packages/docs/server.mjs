// Serves the built reference (dist/) over HTTP on loopback. Used by
// `npm start` and by the browser test, so both see exactly what is published.
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

export const distDir = fileURLToPath(new URL("dist/", import.meta.url));
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".png": "image/png",
  ".json": "application/json",
  ".yaml": "application/yaml; charset=utf-8",
};

/** @param {{ port?: number, host?: string }} [options] */
export async function serveReference({ port = 4011, host = "127.0.0.1" } = {}) {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://local").pathname;
    // An in-page route opened in a new tab (/payments, /section/webhooks) has no
    // known file extension: serve the page, which turns the path into its hash route.
    // (Tags contain dots, /payments.validation, so only known file types are files.)
    const relative = normalize(extname(path) in TYPES ? path.slice(1) : "index.html");
    if (relative.startsWith("..")) {
      res.writeHead(400).end("bad path");
      return;
    }
    try {
      const body = await readFile(join(distDir, relative));
      res.writeHead(200, { "content-type": TYPES[extname(relative)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found (run the docs build first?)");
    }
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  const url = `http://${host}:${typeof address === "object" && address ? address.port : port}/`;
  return {
    url,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve(undefined));
      }),
  };
}
