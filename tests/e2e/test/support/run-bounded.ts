// Runs a command to completion with a deadline. A test that shells out must
// never be able to hang CI: spawnSync blocks vitest's own timeout, and a
// grandchild (a mock, npm's lifecycle scripts) can keep pipes open after its
// parent died. So the command runs in its own process group, and on the
// deadline the whole group is killed and the output so far is returned.
import { spawn } from "node:child_process";

export interface BoundedRun {
  status: number | null;
  output: string;
  timedOut: boolean;
}

export function runBounded(
  command: string,
  args: readonly string[],
  options: { cwd: string; timeoutMs: number; env?: NodeJS.ProcessEnv },
): Promise<BoundedRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, npm_config_update_notifier: "false", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let output = "";
    let timedOut = false;
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        // the group is already gone
      }
    };
    const deadline = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, options.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(deadline);
      reject(error);
    });
    child.on("exit", (status) => {
      clearTimeout(deadline);
      // Leftover grandchildren would hold the pipes open: end them with the parent.
      killGroup();
      const suffix = timedOut ? `\n[killed after ${options.timeoutMs} ms: ${command} ${args.join(" ")}]` : "";
      // Give the pipes a moment to drain what was written before the exit.
      setTimeout(() => resolve({ status, output: output + suffix, timedOut }), 50);
    });
  });
}
