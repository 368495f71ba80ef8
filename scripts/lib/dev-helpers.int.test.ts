import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, inject, test } from "vitest";
import { checkPostgres, demoWorkspaceExists, httpAnswers, portInUse } from "./dev-checks.mjs";
import { createSupervisor } from "./dev-processes.mjs";
import { devSecret } from "./dev-secrets.mjs";

/** Running (a zombie waiting for a reaper that is not ours counts as gone). */
const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
};

describe("npm run dev helpers", () => {
  test("the dev secret is generated once, private, and reused", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ferry-state-"));
    const first = devSecret(dir, "nextauth-secret");
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(devSecret(dir, "nextauth-secret")).toBe(first);
    expect(statSync(path.join(dir, "nextauth-secret")).mode & 0o777).toBe(0o600);
    expect(devSecret(dir, "other")).not.toBe(first);
  });

  test("PostgreSQL: reachable with a missing database, unreachable on a closed port", async () => {
    const url = new URL(inject("databaseUrl"));
    expect(await checkPostgres(url.toString())).toEqual({ ok: true });
    url.pathname = "/ferry_does_not_exist_yet";
    expect(await checkPostgres(url.toString())).toEqual({ ok: true });
    url.port = "1";
    expect(await checkPostgres(url.toString())).toMatchObject({ ok: false, reason: "ECONNREFUSED" });
  });

  test("first-run detection looks for the demo workspace", async () => {
    const url = inject("databaseUrl");
    const slug = `demo-${Date.now().toString(36)}`;
    expect(await demoWorkspaceExists(url, slug)).toBe(false);
    const { db } = await import("@/lib/db");
    await db().workspace.create({ data: { slug, name: "Demo check" } });
    expect(await demoWorkspaceExists(url, slug)).toBe(true);
    await db().workspace.delete({ where: { slug } });
  });

  test("ports and HTTP probes tell a listening server from none", async () => {
    const server = createServer((_req, res) => res.end("ok"));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    expect(await portInUse(port)).toBe(true);
    expect(await httpAnswers(`http://127.0.0.1:${port}/`)).toBe(true);
    await new Promise<void>((r) => server.close(() => r()));
    expect(await portInUse(port)).toBe(false);
    expect(await httpAnswers(`http://127.0.0.1:${port}/`, 300)).toBe(false);
  });

  test("stopping stops each child's whole process group, grandchildren included", async () => {
    const supervisor = createSupervisor({ log: () => {} });
    // A shell that starts a grandchild: signalling only the shell would leave the grandchild running.
    const entry = supervisor.start("sleeper", "sh", ["-c", "sleep 60 & echo $! ; wait"], { stdio: ["ignore", "pipe", "ignore"] });
    const grandchild = await new Promise<number>((resolve) => entry.child.stdout?.once("data", (d: Buffer) => resolve(Number(String(d).trim()))));
    expect(alive(grandchild)).toBe(true);
    await supervisor.stopAll({ graceMs: 2000 });
    await new Promise((r) => setTimeout(r, 100));
    expect(alive(entry.child.pid as number)).toBe(false);
    expect(alive(grandchild)).toBe(false);
    expect(supervisor.isStopping()).toBe(true);
    // The supervisor's own process is untouched.
    expect(execFileSync("sh", ["-c", "echo still-here"], { encoding: "utf8" }).trim()).toBe("still-here");
  });
});
