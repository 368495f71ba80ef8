// Small probes `npm run dev` makes before starting anything.
import { existsSync, statSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import pg from "pg";

/** Whether PostgreSQL answers at DATABASE_URL (a missing database still counts as reachable). */
export async function checkPostgres(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return { ok: true };
  } catch (e) {
    if (e?.code === "3D000") return { ok: true }; // database does not exist yet: the runner creates it
    return { ok: false, reason: e?.code ?? e?.message ?? String(e) };
  } finally {
    await client.end().catch(() => {});
  }
}

/** Whether the demo workspace exists (first run = it does not). */
export async function demoWorkspaceExists(databaseUrl, slug) {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM "Workspace" WHERE slug = $1', [slug]);
    return rowCount > 0;
  } finally {
    await client.end();
  }
}

/** Whether something already listens on host:port. */
export function portInUse(port, host = "127.0.0.1") {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.setTimeout(500);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Whether an HTTP server answers at `url` within `timeoutMs` (any status counts). */
export async function httpAnswers(url, timeoutMs = 1000) {
  try {
    await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: "manual" });
    return true;
  } catch {
    return false;
  }
}

/** Polls `url` until it answers or `timeoutMs` passes. */
export async function waitForHttp(url, { timeoutMs = 120_000, intervalMs = 500, isAborted = () => false } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !isAborted()) {
    if (await httpAnswers(url, 30_000)) return true;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return false;
}

/** An executable named `name` on PATH or in node_modules/.bin, or null. */
export function findExecutable(name, root) {
  const dirs = [path.join(root, "node_modules/.bin"), ...(process.env.PATH ?? "").split(path.delimiter)];
  for (const dir of dirs) {
    if (!dir) continue;
    const file = path.join(dir, name);
    try {
      if (existsSync(file) && statSync(file).isFile() && (statSync(file).mode & 0o111) !== 0) return file;
    } catch {
      // unreadable entry on PATH
    }
  }
  return null;
}
