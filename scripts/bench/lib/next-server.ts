import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import net from "node:net";
import path from "node:path";

/** Whether .next holds a production build newer than every source the build reads. */
export function buildIsCurrent(root: string): boolean {
  const buildId = path.join(root, ".next/BUILD_ID");
  if (!existsSync(buildId)) return false;
  const builtAt = statSync(buildId).mtimeMs;
  const newer = (p: string): boolean => {
    if (!existsSync(p)) return false;
    const st = statSync(p);
    if (!st.isDirectory()) return st.mtimeMs > builtAt;
    return readdirSync(p).some((e) => newer(path.join(p, e)));
  };
  return ![
    "app", "components", "lib", "inngest", "generated", "public", "proxy.ts", "instrumentation.ts",
    "next.config.mjs", "postcss.config.mjs", "tsconfig.json", "package-lock.json",
  ].some((p) => newer(path.join(root, p)));
}

export function ensureProductionBuild(root: string, log: (line: string) => void) {
  if (buildIsCurrent(root)) {
    log("production build in .next is current: reused");
    return;
  }
  log("building (next build)…");
  const t0 = Date.now();
  const r = spawnSync(path.join(root, "node_modules/.bin/next"), ["build"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (r.status !== 0) throw new Error("next build failed");
  log(`built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Starts `next start` (or `workers` of them behind one port) in its own process group on a free loopback port and waits until it answers. */
export async function startNextServer(opts: { root: string; env: Record<string, string>; readyPath?: string; workers?: number }) {
  const port = await freePort();
  // workers > 1: scripts/start-cluster.mjs runs that many `next start` processes sharing the port.
  const [command, args] =
    (opts.workers ?? 1) > 1
      ? [process.execPath, [path.join(opts.root, "scripts/start-cluster.mjs"), "-p", String(port), "-H", "127.0.0.1"]]
      : // As `npm start` runs it (package.json): the same V8 flag, plus a CPU profile with BENCH_CPU_PROF=<dir>
        // (written when the server stops; node refuses --cpu-prof in NODE_OPTIONS).
        [
          process.execPath,
          [
            "--max-semi-space-size=32",
            ...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
            path.join(opts.root, "node_modules/next/dist/bin/next"),
            "start", "-p", String(port), "-H", "127.0.0.1",
          ],
        ];
  const child = spawn(command, args, {
    cwd: opts.root,
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
      FERRY_ENCRYPTION_KEYS: randomBytes(32).toString("base64"),
      WEB_CONCURRENCY: String(opts.workers ?? 1),
      ...opts.env,
    },
  });
  let stderr = "";
  child.stderr?.on("data", (c: Buffer) => {
    stderr = (stderr + c.toString()).slice(-20_000);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${stderr}`);
    try {
      await fetch(`${url}${opts.readyPath ?? "/api/inngest"}`, { signal: AbortSignal.timeout(5000) });
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`next start did not answer within 60 s:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    url,
    port,
    pid: child.pid as number,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode !== null) return;
      try {
        process.kill(-(child.pid as number), "SIGTERM");
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-(child.pid as number), "SIGKILL");
        } catch {
          // gone
        }
      }, 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
