// Starting and stopping the servers the benchmarks measure, as child
// processes we hold the PID of, so that the load generator does not share
// an event loop with the server under test.
import { spawn } from "node:child_process";

/** Spawns `node <args>` and resolves once it prints "listening on <url>". */
export function startServer(args, { env = {}, timeoutMs = 30_000 } = {}) {
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`server did not start within ${timeoutMs} ms: node ${args.join(" ")}\n${output}`));
    }, timeoutMs);
    const onData = (chunk) => {
      output += chunk;
      const match = output.match(/listening on (http:\/\/[^\s)]+)/);
      if (match) {
        clearTimeout(timer);
        resolve({
          url: match[1].replace(/\/$/, ""),
          pid: child.pid,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done();
              child.once("exit", () => done());
              child.kill("SIGTERM");
              setTimeout(() => child.kill("SIGKILL"), 5000).unref();
            }),
        });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (chunk) => (output += chunk));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening: node ${args.join(" ")}\n${output}`));
    });
  });
}
