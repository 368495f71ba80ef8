import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { basicAuthHeader } from "./auth";
import { SandboxControlClient, SandboxControlError } from "./control-client";
import { keyIdOf } from "./store";
import { KEY_A, KEY_B, startSandbox, uid, type ApiClient, type TestSandbox } from "./test-helpers";

let t: TestSandbox;
beforeAll(async () => {
  t = await startSandbox();
});
afterAll(() => t.close());

/** A fresh key and workspace, so fault and rate-limit state never leaks between tests. */
async function freshKey(): Promise<{ key: string; api: ApiClient }> {
  const key = uid("sk_live_ctl");
  const subdomain = uid("ws").toLowerCase();
  await t.control.addKey({ key, subdomain });
  return { key, api: t.client(key, subdomain) };
}

describe("control API: keys, seed, state, reset", () => {
  it("lists keys by keyId, never the raw key", async () => {
    const keys = await t.control.listKeys();
    expect(keys.map((k) => k.keyId)).toEqual(expect.arrayContaining([keyIdOf(KEY_A), keyIdOf(KEY_B)]));
    expect(JSON.stringify(keys)).not.toContain(KEY_A);
  });

  it("seeds a fixture with links by externalId and reads it back through the API and the state", async () => {
    const { key, api } = await freshKey();
    const result = await t.control.seed(key, {
      organizations: [{ externalId: "o1", name: "Org One", traits: { "vitally.custom.region": "EU" } }],
      accounts: [{ externalId: "a1", name: "Acc One", organizationId: "o1", traits: { plan: "pro" } }],
      users: [{ externalId: "u1", email: "u1@x.example", accountIds: ["a1"], organizationIds: ["o1"] }],
      customObjects: [{ name: "things", label: "Thing", customFields: [{ label: "Colour", type: "string" }] }],
      customObjectInstances: [{ customObjectId: "things", name: "Red thing", customerId: "a1", traits: { "vitally.custom.colour": "red" } }],
    });
    expect(result.counts).toMatchObject({ organizations: 1, accounts: 1, users: 1, customObjects: 1, customObjectInstances: 1 });
    const accountId = result.ids.accounts.a1;
    const account = await api.get(`/resources/accounts/${accountId}`);
    expect(account.body).toMatchObject({ organizationId: result.ids.organizations.o1, usersCount: 1 });

    const state = await t.control.state(key);
    expect(state.key.keyId).toBe(keyIdOf(key));
    expect(JSON.stringify(state)).not.toContain(key);
    expect(state.data.users?.[0]?.accountIds).toEqual([accountId]);

    // The control client's dashboard helpers.
    expect((await t.control.listOrganizations(key)).map((o) => o.traits)).toEqual([{ "vitally.custom.region": "EU" }]);
    expect((await t.control.listAccounts(key))[0]).toMatchObject({ name: "Acc One", traits: { plan: "pro" } });
    const instances = await t.control.listCustomObjectInstances(key, "things");
    expect(instances.map((i) => [i.name, i.customerId, i.traits])).toEqual([["Red thing", accountId, { "vitally.custom.colour": "red" }]]);
    expect(await t.control.listCustomObjectInstances(key, "nothing")).toEqual([]);
    expect((await t.control.listCustomObjects(key))[0]?.customFields[0]?.path).toBe("vitally.custom.colour");
  });

  it("rejects an invalid fixture with 400 and leaves the workspace as it was", async () => {
    const { key } = await freshKey();
    await expect(t.control.seed(key, { organizations: [{ name: "no externalId" }] } as never)).rejects.toMatchObject({ status: 400 });
    await expect(t.control.seed(key, { organizations: [{ externalId: "o", name: "o" }], accounts: [{ externalId: "a", name: "a", organizationId: "missing" }] })).rejects.toBeInstanceOf(SandboxControlError);
    expect((await t.control.state(key)).data.organizations).toEqual([]);
    await expect(t.control.state("sk_live_unknown")).rejects.toMatchObject({ status: 404 });
  });

  it("resets one key's workspace, or everything", async () => {
    const one = await freshKey();
    const two = await freshKey();
    await one.api.post("/resources/organizations", { externalId: "r1", name: "R1" });
    await two.api.post("/resources/organizations", { externalId: "r2", name: "R2" });
    await t.control.reset(one.key);
    expect((await one.api.get("/resources/organizations/r1")).status).toBe(404);
    expect((await two.api.get("/resources/organizations/r2")).status).toBe(200);
    await t.control.reset();
    expect((await two.api.get("/resources/organizations/r2")).status).toBe(404);
    expect((await t.control.log()).length).toBe(1);
  });

  it("seeds the demo on demand", async () => {
    const demo = await t.control.seedDemo();
    expect(demo.subdomain).toBe("ferry-demo");
    expect((await t.control.seedDemo()).seeded).toBeNull();
  });
});

describe("control API: request log", () => {
  it("records method, path, status, time, duration and keyId; clears", async () => {
    const { key, api } = await freshKey();
    await api.get("/resources/accounts?limit=5");
    await api.post("/resources/organizations", { name: "missing externalId" });
    await t.client("sk_live_nobody").get("/resources/accounts");
    const entries = await t.control.log({ key });
    expect(entries.map((e) => [e.method, e.path, e.status])).toEqual([
      ["GET", expect.stringMatching(/\/resources\/accounts\?limit=5$/), 200],
      ["POST", expect.stringMatching(/\/resources\/organizations$/), 400],
    ]);
    expect(entries[0]).toMatchObject({ keyId: keyIdOf(key), outcome: "ok", time: expect.any(String), durationMs: expect.any(Number) });
    const all = await t.control.log();
    expect(all.at(-1)).toMatchObject({ status: 401, keyId: null });
    expect(JSON.stringify(all)).not.toContain(key);
    expect(await t.control.log({ limit: 1 })).toHaveLength(1);
    await t.control.clearLog(key);
    expect(await t.control.log({ key })).toEqual([]);
    await t.control.clearLog();
    expect(await t.control.log()).toEqual([]);
  });
});

describe("control API: fault injection", () => {
  it("adds latency", async () => {
    const { key, api } = await freshKey();
    await t.control.setFaults(key, { latencyMs: 300 });
    const started = Date.now();
    expect((await api.get("/resources/accounts")).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    const [entry] = await t.control.log({ key, limit: 1 });
    expect(entry?.durationMs).toBeGreaterThanOrEqual(290);
    await t.control.clearFaults(key);
    expect((await t.control.faults(key)).latencyMs).toBe(0);
  });

  it("answers 5xx for the next N calls, or with a probability", async () => {
    const { key, api } = await freshKey();
    await t.control.setFaults(key, { serverErrors: { next: 2, status: 503 } });
    expect((await api.get("/resources/accounts")).status).toBe(503);
    const second = await api.get("/resources/accounts");
    expect(second.status).toBe(503);
    expect(second.headers.get("ratelimit-limit")).toBe("1000, 1000;window=60");
    expect((await api.get("/resources/accounts")).status).toBe(200);
    await t.control.setFaults(key, { serverErrors: { rate: 1 } });
    expect((await api.get("/resources/accounts")).status).toBe(500);
    await t.control.setFaults(key, { serverErrors: { rate: 0 } });
    expect((await api.get("/resources/accounts")).status).toBe(200);
    expect((await t.control.log({ key })).filter((e) => e.outcome === "fault-5xx")).toHaveLength(3);
  });

  it("sends a 429 burst with Retry-After, outside the rate-limit window", async () => {
    const { key, api } = await freshKey();
    await t.control.setFaults(key, { rateLimitBurst: { next: 2, retryAfterSeconds: 7 } });
    for (let i = 0; i < 2; i += 1) {
      const res = await api.get("/resources/accounts");
      expect(res.status).toBe(429);
      expect(res.headers.get("retry-after")).toBe("7");
      expect(res.headers.get("ratelimit-remaining")).toBe("0");
    }
    const ok = await api.get("/resources/accounts");
    expect(ok.status).toBe(200);
    expect(ok.headers.get("ratelimit-remaining")).toBe("999");
  });

  it("hangs until the client gives up (timeout)", async () => {
    const { key, api } = await freshKey();
    await t.control.setFaults(key, { timeouts: { next: 1 } });
    const hung = fetch(`${api.baseUrl}/resources/accounts`, {
      headers: { Authorization: basicAuthHeader(key) },
      signal: AbortSignal.timeout(300),
    });
    await expect(hung).rejects.toMatchObject({ name: "TimeoutError" });
    expect((await api.get("/resources/accounts")).status).toBe(200);
    await expect.poll(async () => (await t.control.log({ key })).map((e) => e.outcome)).toContain("fault-timeout");
  });

  it("drops the connection", async () => {
    const { key, api } = await freshKey();
    await t.control.setFaults(key, { drops: { next: 1 } });
    await expect(api.get("/resources/accounts")).rejects.toThrow();
    expect((await api.get("/resources/accounts")).status).toBe(200);
    expect((await t.control.log({ key })).map((e) => [e.outcome, e.status])).toContainEqual(["fault-drop", 0]);
  });

  it("validates fault settings", async () => {
    const { key } = await freshKey();
    await expect(t.control.setFaults(key, { serverErrors: { rate: 2 } })).rejects.toMatchObject({ status: 400 });
    await expect(t.control.setFaults(key, { explode: true } as never)).rejects.toMatchObject({ status: 400 });
  });
});

describe("control API: settings and token", () => {
  it("switches strictness at run time and lists the strictness choices", async () => {
    const settings = await t.control.settings();
    expect(settings.strict).toBe(true);
    expect(settings.strictnessChoices.length).toBeGreaterThan(10);
    expect((await t.control.setSettings({ strict: false })).strict).toBe(false);
    const res = await t.api.get("/resources/organizations?limit=1000");
    expect(res.status).toBe(200);
    await t.control.setSettings({ strict: true });
    expect((await t.api.get("/resources/organizations?limit=1000")).status).toBe(400);
  });

  it("requires the control token when one is configured", async () => {
    const guarded = await startSandbox({ controlToken: "s3cret" });
    try {
      await expect(guarded.control.health()).rejects.toMatchObject({ status: 401 });
      const withToken = new SandboxControlClient({ baseUrl: guarded.sandbox.url, token: "s3cret" });
      expect((await withToken.health()).ok).toBe(true);
    } finally {
      await guarded.close();
    }
  });
});
