// PortOne's reference schema is AGPL-licensed: this repo may use its facts
// but not its sentences. Every prose sentence of the reference's notes must
// be absent from what we publish (spec sources and documentation).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DEFAULT_SURFACE } from "../../upstream/inventory.mjs";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const SKIP_DIRS = new Set(["node_modules", "dist", "released", ".turbo", "generated", "test-results"]);

function filesUnder(dir, extensions) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (!SKIP_DIRS.has(name)) out.push(...filesUnder(path, extensions));
    } else if (extensions.some((ext) => name.endsWith(ext))) out.push(path);
  }
  return out;
}

/** Prose sentences of the reference's notes: at least 20 characters and two words (identifiers excluded). */
export function referenceSentences(surface) {
  const sentences = new Set();
  const visit = (node) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if (key === "note" && typeof value === "string") {
          for (const raw of value.split(/[\n.。!?]+/)) {
            const sentence = raw.trim();
            if (sentence.length >= 20 && /\s/.test(sentence)) sentences.add(sentence);
          }
        } else visit(value);
      }
    }
  };
  visit(surface);
  return sentences;
}

/** `file: sentence` for every reference sentence found in the given texts. */
export function copiesIn(textsByFile, sentences) {
  const copies = [];
  for (const [file, text] of textsByFile)
    for (const sentence of sentences) if (text.includes(sentence)) copies.push(`${file}: ${sentence}`);
  return copies;
}

describe.runIf(existsSync(DEFAULT_SURFACE))("reference prose", () => {
  it("appears nowhere in the spec or the documentation", () => {
    const sentences = referenceSentences(JSON.parse(readFileSync(DEFAULT_SURFACE, "utf8")));
    expect(sentences.size).toBeGreaterThan(500);
    const files = [
      ...filesUnder(join(root, "spec"), [".yaml", ".md"]),
      ...filesUnder(join(root, "packages"), [".md", ".ts", ".mjs", ".yaml"]),
      ...filesUnder(root, [".md"]).filter((f) => !f.includes("/packages/") && !f.includes("/spec/")),
    ];
    const texts = new Map(files.map((file) => [file.slice(root.length), readFileSync(file, "utf8")]));
    expect(texts.size).toBeGreaterThan(300);
    expect(copiesIn(texts, sentences)).toEqual([]);
  });

  it("catches a sentence pasted into a description", () => {
    const sentences = referenceSentences(JSON.parse(readFileSync(DEFAULT_SURFACE, "utf8")));
    const [sentence] = sentences;
    const texts = new Map([["spec/paths/example.yaml", `get:\n  description: ${sentence}\n`]]);
    expect(copiesIn(texts, sentences)).toEqual([`spec/paths/example.yaml: ${sentence}`]);
  });
});
