import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** One request a public PortOne client really sends, transcribed with fake values. */
export interface Sample {
  id: string;
  /** The client file transcribed; `commit` pins the version when the file changed what it sends. */
  source: { repo: string; path: string; commit?: string };
  method: string;
  path: string;
  /** Query values as sent; an array value repeats its key. */
  query?: Record<string, string | string[]>;
  /** Absent when the client sends no Content-Type header. */
  contentType?: string;
  /** A JSON value for JSON bodies; the exact wire text for form bodies. */
  body?: unknown;
  /**
   * How the client presents its access token: `Authorization: Bearer <token>` (absent or "bearer"),
   * the bare token in `Authorization` ("raw"), or the bare token in `X-ImpTokenHeader`.
   */
  auth?: "bearer" | "raw" | "x-imp-token-header";
  /** Set when PortOne itself refuses this request; `evidence` says where that is shown. */
  expect?: "refused";
  evidence?: string;
}

const SAMPLES_DIR = join(import.meta.dirname, "samples");

export function loadSamples(): Sample[] {
  const samples: Sample[] = [];
  for (const file of readdirSync(SAMPLES_DIR)
    .filter((name) => name.endsWith(".json"))
    .sort()) {
    const list = JSON.parse(readFileSync(join(SAMPLES_DIR, file), "utf8")) as Sample[];
    samples.push(...list);
  }
  return samples;
}

export function queryString(query: Sample["query"]): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, item);
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** The bytes the client puts on the wire for this sample's body. */
export function wireBody(sample: Sample): string | undefined {
  if (sample.body === undefined) return undefined;
  return typeof sample.body === "string" && sample.contentType?.includes("form") ? sample.body : JSON.stringify(sample.body);
}
