import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { stringify } from "yaml";
import type { Mismatch } from "./drift.js";
import { withFakes } from "./fakes.js";
import type { Masker } from "./masking.js";

/** Distinct shapes recorded per process; more are ignored (a runaway upstream must not fill the disk). */
const MAX_RECORDINGS = 1_000;

export interface RecordedOperation {
  /** The spec's operationId, used as the folder name. */
  operationId: string;
  /** `METHOD template`. */
  key: string;
}

/**
 * Saves each distinct response shape per operation and status as a candidate
 * named example: `<dir>/<operationId>/<status>-<shape>.yaml` in the spec's
 * example-file format (`summary` + `value`), personal and sensitive values
 * replaced by fakes. A comment on top says whether the answer matched the
 * spec; tools/recording-to-example.mjs turns the file into an example or
 * a drift note.
 */
export class Recorder {
  readonly #dir: string;
  readonly #masker: Masker;
  readonly #seen = new Set<string>();
  readonly #pending = new Set<Promise<unknown>>();

  constructor(dir: string, masker: Masker) {
    this.#dir = dir;
    this.#masker = masker;
  }

  /** Writes the recording if this shape is new; returns its file, or undefined when it was already recorded. */
  async record(operation: RecordedOperation, status: number, body: unknown, mismatches: readonly Mismatch[]): Promise<string | undefined> {
    const shape = shapeHash(body);
    const id = `${operation.key} ${status} ${shape}`;
    if (this.#seen.has(id) || this.#seen.size >= MAX_RECORDINGS) return undefined;
    this.#seen.add(id);
    const folder = join(this.#dir, operation.operationId.replace(/[^A-Za-z0-9_-]/g, "_"));
    const file = join(folder, `${status}-${shape}.yaml`);
    const verdict =
      mismatches.length === 0
        ? "# matches the spec"
        : [
            "# contradicts the spec:",
            ...mismatches.map((m) => `#   - ${m.kind} at ${m.location} (spec ${m.schemaPath || "-"}): expected ${m.expected}`),
          ].join("\n");
    const header = `# recorded by iamport-mock --proxy: ${operation.key} answered ${status}, ${new Date().toISOString()}\n${verdict}\n`;
    const example = { summary: `Recorded ${operation.key} answer ${status} (shape ${shape})`, value: withFakes(body, this.#masker) };
    const write = mkdir(folder, { recursive: true })
      .then(() => writeFile(file, header + stringify(example, { lineWidth: 0 }), { flag: "wx" }))
      .catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "EEXIST") throw error;
      });
    this.#pending.add(write);
    try {
      await write;
    } finally {
      this.#pending.delete(write);
    }
    return file;
  }

  /** Resolves once every recording started so far is on disk (the mock awaits this on close). */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.#pending]);
  }
}

/** The body's shape: field names and value types, recursively; array items merged. Eight hex digits of its hash. */
export function shapeHash(body: unknown): string {
  return createHash("sha256")
    .update(JSON.stringify(shapeOf(body)))
    .digest("hex")
    .slice(0, 8);
}

function shapeOf(value: unknown): unknown {
  if (value === null) return "null";
  if (Array.isArray(value)) {
    const items = [...new Set(value.map((item) => JSON.stringify(shapeOf(item))))].sort();
    return { array: items };
  }
  if (typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, shapeOf((value as Record<string, unknown>)[key])]),
    );
  }
  return typeof value;
}
