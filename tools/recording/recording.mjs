// Turns a recording of `iamport-mock --proxy --record <dir>` into either
//   - a spec example:  node tools/recording/recording.mjs example <recording.yaml> <ExampleName> [--summary "..."]
//     writes spec/components/examples/<ExampleName>.yaml (refused if the recording contradicts the spec);
//   - a drift note:    node tools/recording/recording.mjs drift-note <recording.yaml>
//     prints an issue-ready markdown note for a recording that contradicts the spec.
// A recording is the spec's example-file format (`summary` + `value`) under a
// comment header the proxy writes: the operation, the status, and its verdict.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";

const USAGE = `Usage: node tools/recording/recording.mjs example <recording.yaml> <ExampleName> [--summary "text"]
       node tools/recording/recording.mjs drift-note <recording.yaml>`;

const examplesDir = fileURLToPath(new URL("../../spec/components/examples/", import.meta.url));

function fail(message) {
  console.error(`recording: ${message}\n\n${USAGE}`);
  process.exit(2);
}

/** The header's facts and the example text below it. */
export function parseRecording(text) {
  const lines = text.split("\n");
  const header = [];
  while (lines.length > 0 && lines[0].startsWith("#")) header.push(lines.shift());
  const origin = /^# recorded by iamport-mock --proxy: (\S+) (\S+) answered (\d+), (\S+)$/.exec(header[0] ?? "");
  if (!origin) throw new Error("not a recording of iamport-mock --proxy (its first line names the operation and status)");
  const contradicts = header.some((line) => line === "# contradicts the spec:");
  const mismatches = header.filter((line) => line.startsWith("#   - ")).map((line) => line.slice("#   - ".length));
  return {
    method: origin[1],
    template: origin[2],
    status: Number(origin[3]),
    recordedAt: origin[4],
    contradicts,
    mismatches,
    example: lines.join("\n"),
  };
}

export function toExample(recording, summary) {
  if (recording.contradicts) {
    throw new Error(
      "this recording contradicts the spec: fix the spec first, or file it with `drift-note` (an example must match the spec)",
    );
  }
  if (summary === undefined) return recording.example;
  if (/[\n\r]/.test(summary)) throw new Error("--summary must be one line");
  return recording.example.replace(/^summary: .*$/m, `summary: ${JSON.stringify(summary)}`);
}

export function toDriftNote(recording, file) {
  if (!recording.contradicts) throw new Error("this recording matches the spec: turn it into an example with `example` instead");
  return [
    `# Drift: ${recording.method} ${recording.template} answers ${recording.status} differently from the spec`,
    "",
    `Seen by \`iamport-mock --proxy\` on ${recording.recordedAt} (recording \`${basename(file)}\`; personal and sensitive values are fakes).`,
    "",
    "## Mismatches",
    "",
    ...recording.mismatches.map((m) => `- ${m}`),
    "",
    "## Recorded answer",
    "",
    "```yaml",
    recording.example.trimEnd(),
    "```",
    "",
    "## To do",
    "",
    "- [ ] Confirm against PortOne's documentation or a test channel that this is PortOne's behaviour, not a one-off.",
    `- [ ] Change the schema under \`spec/\` for ${recording.method} ${recording.template} (${recording.status}) and note it in the spec's CHANGELOG.`,
    "- [ ] Add this recording as an example (`node tools/recording/recording.mjs example …`) once it matches.",
    "",
  ].join("\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [command, file, name, ...rest] = process.argv.slice(2);
  if (!command || !file) fail("a command and a recording file are needed");
  if (!existsSync(file)) fail(`no such file: ${file}`);
  let recording;
  try {
    recording = parseRecording(readFileSync(file, "utf8"));
  } catch (error) {
    fail(`${file}: ${error.message}`);
  }
  try {
    if (command === "example") {
      if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) fail("the example name must be PascalCase, e.g. PaymentPaidWithPromotion");
      const summaryAt = rest.indexOf("--summary");
      const summary = summaryAt >= 0 ? rest[summaryAt + 1] : undefined;
      const target = join(examplesDir, `${name}.yaml`);
      if (existsSync(target)) fail(`spec/components/examples/${name}.yaml exists already: pick another name`);
      writeFileSync(target, toExample(recording, summary));
      console.log(`wrote spec/components/examples/${name}.yaml
Now reference it from spec/paths (the file of ${recording.template}), under ${recording.method.toLowerCase()} → responses → "${recording.status}" → content → application/json → examples:
  yourName:
    $ref: ../components/examples/${name}.yaml
then check the summary reads well and run \`node spec/build.mjs\`.`);
    } else if (command === "drift-note") {
      process.stdout.write(toDriftNote(recording, file));
    } else {
      fail(`unknown command "${command}"`);
    }
  } catch (error) {
    fail(error.message);
  }
}
