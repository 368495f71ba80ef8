import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DEMO_KEY, DEMO_SUBDOMAIN } from "./seed-demo";
import { startSandbox, type TestSandbox } from "./test-helpers";

const dirs: string[] = [];
function stateFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "vitally-sandbox-"));
  dirs.push(dir);
  return join(dir, "nested", "state.json");
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("persistence (stateFile)", () => {
  it("keeps what a client created, runtime keys and the demo seed across a restart", async () => {
    const file = stateFile();
    let t: TestSandbox = await startSandbox({ stateFile: file, seed: "demo" });
    const demo = t.client(DEMO_KEY, DEMO_SUBDOMAIN);
    const created = await demo.post("/resources/organizations", { externalId: "persisted-org", name: "Persisted", traits: { "a.b": 1 } });
    expect(created.status).toBe(200);
    await t.control.addKey({ key: "sk_live_runtime", subdomain: "runtime-ws" });
    await t.client("sk_live_runtime", "runtime-ws").post("/resources/organizations", { externalId: "rt", name: "Runtime" });
    const orgCount = (await demo.get("/resources/organizations")).body.results.length;
    await t.close();

    t = await startSandbox({ stateFile: file, seed: "demo" });
    try {
      const again = t.client(DEMO_KEY, DEMO_SUBDOMAIN);
      const got = await again.get("/resources/organizations/persisted-org");
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({ id: created.body.id, traits: { "a.b": 1 } });
      // The demo seed is not applied twice on top of the saved state.
      expect((await again.get("/resources/organizations")).body.results).toHaveLength(orgCount);
      expect((await t.client("sk_live_runtime", "runtime-ws").get("/resources/organizations/rt")).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it("writes the file, debounced, while running", async () => {
    const file = stateFile();
    const t = await startSandbox({ stateFile: file, persistDebounceMs: 50 });
    try {
      await t.api.post("/resources/organizations", { externalId: "debounced", name: "D" });
      await expect.poll(() => existsSync(file) && readFileSync(file, "utf8").includes("debounced"), { timeout: 2000 }).toBe(true);
      const snapshot = JSON.parse(readFileSync(file, "utf8"));
      expect(snapshot.version).toBe(1);
    } finally {
      await t.close();
    }
  });
});
