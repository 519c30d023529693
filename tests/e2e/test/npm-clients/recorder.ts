import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One request a client sent, as the mock answered it. */
export interface Exchange {
  method: string;
  url: string;
  status: number;
  /** The start of the mock's answer, for the report (never the request: it may carry card data). */
  answer: string;
}

/**
 * A loopback pass-through in front of the mock that remembers every request
 * and the mock's status, so a test sees what a third-party client really
 * sent without touching the client.
 */
export class Recorder {
  readonly exchanges: Exchange[] = [];
  readonly #server: Server;
  #url = "";

  constructor(private readonly target: string) {
    this.#server = createServer((incoming, outgoing) => {
      const upstream = new URL(incoming.url ?? "/", this.target);
      const forward = httpRequest(
        upstream,
        { method: incoming.method, headers: { ...incoming.headers, host: upstream.host } },
        (answer) => {
          const chunks: Buffer[] = [];
          answer.on("data", (chunk: Buffer) => chunks.push(chunk));
          answer.on("end", () => {
            const body = Buffer.concat(chunks);
            this.exchanges.push({
              method: incoming.method ?? "GET",
              url: incoming.url ?? "/",
              status: answer.statusCode ?? 0,
              answer: body.toString("utf8").slice(0, 300),
            });
            outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
            outgoing.end(body);
          });
        },
      );
      forward.on("error", (error) => {
        outgoing.writeHead(502);
        outgoing.end(String(error));
      });
      incoming.pipe(forward);
    });
  }

  get url(): string {
    return this.#url;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, "127.0.0.1", resolve));
    this.#url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Exchanges the mock did not serve: 400/401/405/415, or 404 for a route the spec lacks. */
  refused(): Exchange[] {
    return this.exchanges.filter(
      (e) => [400, 401, 405, 415].includes(e.status) || (e.status === 404 && /hasn't been found in the specification/.test(e.answer)),
    );
  }
}
