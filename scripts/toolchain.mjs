// Where the pinned pnpm lives, and which version package.json pins.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("..", import.meta.url));

export function pinnedPnpm() {
  const { packageManager } = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
  const match = /^pnpm@(\d+\.\d+\.\d+)$/.exec(packageManager ?? "");
  if (!match) throw new Error(`package.json "packageManager" must be "pnpm@x.y.z", got ${JSON.stringify(packageManager)}`);
  const toolsDir = join(repoRoot, ".tools");
  const binDir = join(toolsDir, "node_modules", ".bin");
  return { version: match[1], toolsDir, binDir, bin: join(binDir, "pnpm") };
}
