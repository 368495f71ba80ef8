// Child processes for `npm run dev`: each runs in its own process group, so stopping one stops
// everything it started (next dev's workers, inngest-cli's children), and Ctrl-C in the terminal
// reaches only the supervisor, which then stops the children in order.
import { spawn } from "node:child_process";

/**
 * @typedef {{ name: string, child: import("node:child_process").ChildProcess, exited: Promise<number | null> }} Supervised
 */

export function createSupervisor({ log = console.log } = {}) {
  /** @type {Supervised[]} */
  const children = [];
  let stopping = false;

  /**
   * @param {string} name
   * @param {string} command
   * @param {string[]} args
   * @param {import("node:child_process").SpawnOptions} [options]
   */
  function start(name, command, args, options = {}) {
    const child = spawn(command, args, { stdio: "inherit", ...options, detached: true });
    const exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => resolve(code ?? (signal ? 128 : null)));
      child.once("error", (err) => {
        log(`${name} could not start: ${err.message}`);
        resolve(1);
      });
    });
    exited.then((code) => {
      if (!stopping) log(`${name} exited (${code ?? "signal"})`);
    });
    const entry = { name, child, exited };
    children.push(entry);
    return entry;
  }

  function signalGroup(entry, signal) {
    if (entry.child.exitCode !== null || entry.child.signalCode !== null || !entry.child.pid) return;
    try {
      process.kill(-entry.child.pid, signal);
    } catch {
      // already gone
    }
  }

  /** Stops every child (newest first): SIGTERM to its group, SIGKILL after `graceMs`. */
  async function stopAll({ graceMs = 5000 } = {}) {
    if (stopping) return;
    stopping = true;
    for (const entry of [...children].reverse()) {
      signalGroup(entry, "SIGTERM");
      const timer = setTimeout(() => signalGroup(entry, "SIGKILL"), graceMs);
      await entry.exited;
      clearTimeout(timer);
    }
  }

  return { start, stopAll, isStopping: () => stopping };
}
