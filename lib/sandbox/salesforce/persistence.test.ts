import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { STATE_FORMAT, STATE_VERSION } from "./persistence";
import { DEMO_APP, DEMO_ORG_SLUG } from "./seed-demo";
import { form, http, REDIRECT_URI, RestClient, startSandbox, type TestSandbox, type TokenResponse } from "./test-helpers";

// The state file (`stateFile`): a restarted sandbox keeps the schema, FLS, records, apps, tokens,
// usage and settings; a bad file is set aside and the sandbox starts from the seed.

const dirs: string[] = [];
const open: TestSandbox[] = [];

function stateFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "salesforce-sandbox-"));
  dirs.push(dir);
  return join(dir, "nested", "state.json");
}

async function start(file: string, options: Parameters<typeof startSandbox>[0] = {}): Promise<TestSandbox> {
  const t = await startSandbox({ stateFile: file, persistDebounceMs: 20, ...options });
  open.push(t);
  return t;
}

async function stop(t: TestSandbox): Promise<void> {
  open.splice(open.indexOf(t), 1);
  await t.close();
}

afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

async function createRequestSchema(api: RestClient): Promise<void> {
  const object = await api.post("/tooling/sobjects/CustomObject", {
    FullName: "Request__c",
    Metadata: { label: "Request", pluralLabel: "Requests", nameField: { type: "Text", label: "Request Name" }, deploymentStatus: "Deployed", sharingModel: "ReadWrite" },
  });
  expect(object.status).toBe(201);
  for (const [name, metadata] of Object.entries({
    RequestId__c: { label: "Ferry RequestId", type: "Text", length: 255, externalId: true, unique: true, caseSensitive: true },
    Title__c: { label: "Title", type: "Text", length: 255 },
  })) {
    expect((await api.post("/tooling/sobjects/CustomField", { FullName: `Request__c.${name}`, Metadata: metadata })).status, name).toBe(201);
  }
  const ps = await api.query("SELECT Id FROM PermissionSet WHERE IsOwnedByProfile = true AND Profile.Name = 'System Administrator'");
  const granted = await api.post("/composite/sobjects", {
    allOrNone: true,
    records: ["RequestId__c", "Title__c"].map((f) => ({
      attributes: { type: "FieldPermissions" },
      ParentId: ps.body.records[0].Id,
      SobjectType: "Request__c",
      Field: `Request__c.${f}`,
      PermissionsRead: true,
      PermissionsEdit: true,
    })),
  });
  expect(granted.status).toBe(200);
  expect(granted.body.every((r: { success: boolean }) => r.success)).toBe(true);
}

function refresh(t: TestSandbox, refreshToken: string, client: { clientId: string; clientSecret: string } = DEMO_APP) {
  return http(
    `${t.sandbox.urls.login}/services/oauth2/token`,
    form({ grant_type: "refresh_token", refresh_token: refreshToken, client_id: client.clientId, client_secret: client.clientSecret }),
  );
}

describe("persistence (stateFile)", () => {
  it("a restarted sandbox keeps schema, FLS, records, apps, tokens, usage and settings; ids do not clash", async () => {
    const file = stateFile();
    let t = await start(file);
    expect(t.sandbox.stateFileLoad).toEqual({ file, status: "missing" });
    const token = await t.connect();
    const api = new RestClient(token.instance_url, token.access_token);
    await createRequestSchema(api);
    const created = [];
    for (const n of [1, 2]) {
      const res = await api.post("/sobjects/Request__c", { Name: `Request ${n}`, RequestId__c: `req-${n}`, Title__c: `Title ${n}` });
      expect(res.status).toBe(201);
      created.push(res.body.id as string);
    }
    const runtimeApp = { clientId: "3MVG9runtime.app", clientSecret: "runtime-app-secret" };
    await t.control.addApp({ ...runtimeApp, redirectUris: [REDIRECT_URI], rotateRefreshTokens: true });
    const runtimeToken = await t.connect(runtimeApp);
    await t.control.setSettings({ queryBatchSize: 500 });
    await t.control.setApiUsage(DEMO_ORG_SLUG, { limit: 20_000 });
    const usageBefore = await t.control.apiUsage(DEMO_ORG_SLUG);
    const stateBefore = await t.control.state(DEMO_ORG_SLUG);
    await stop(t);

    const saved = JSON.parse(readFileSync(file, "utf8"));
    expect(saved).toMatchObject({ format: STATE_FORMAT, version: STATE_VERSION });
    expect(readdirSync(dirname(file))).toEqual(["state.json"]); // no temp file left behind

    t = await start(file);
    expect(t.sandbox.stateFileLoad).toEqual({ file, status: "loaded" });
    // The org as the control API shows it (schema with FLS flags, every record) is the same.
    expect(await t.control.state(DEMO_ORG_SLUG)).toEqual({ ...stateBefore, usage: expect.anything() });
    const usageAfter = await t.control.apiUsage(DEMO_ORG_SLUG);
    expect(usageAfter).toEqual(usageBefore);
    expect((await t.control.setSettings({})).queryBatchSize).toBe(500);

    // The access token from before the restart still works, and so does the refresh token.
    const oldSession = new RestClient(t.sandbox.urls.instance(DEMO_ORG_SLUG), token.access_token);
    expect((await oldSession.get("/limits")).status).toBe(200);
    const refreshed = await refresh(t, token.refresh_token ?? "");
    expect(refreshed.status).toBe(200);
    const again = new RestClient(refreshed.body.instance_url, refreshed.body.access_token);

    const query = await again.query("SELECT Id, RequestId__c, Title__c FROM Request__c ORDER BY RequestId__c");
    expect(query.status).toBe(200);
    expect(query.body.records.map((r: { Id: string; Title__c: string }) => [r.Id, r.Title__c])).toEqual([
      [created[0], "Title 1"],
      [created[1], "Title 2"],
    ]);
    const describe = await again.get("/sobjects/Request__c/describe");
    expect(describe.body.fields.map((f: { name: string }) => f.name)).toEqual(expect.arrayContaining(["RequestId__c", "Title__c"]));
    expect(describe.body.fields.find((f: { name: string }) => f.name === "Title__c")).toMatchObject({ createable: true, updateable: true });

    // Unique and external-id indexes work on restored records; new ids do not clash with old ones.
    const dup = await again.post("/sobjects/Request__c", { Name: "Dup", RequestId__c: "req-1" });
    expect(dup.status).toBe(400);
    expect(dup.body[0].errorCode).toBe("DUPLICATE_VALUE");
    const upsert = await again.patch("/sobjects/Request__c/RequestId__c/req-2", { Title__c: "Changed" });
    expect(upsert.status).toBe(200);
    expect(upsert.body).toMatchObject({ id: created[1], created: false });
    const third = await again.post("/sobjects/Request__c", { Name: "Request 3", RequestId__c: "req-3" });
    expect(third.status).toBe(201);
    expect(created).not.toContain(third.body.id);
    expect(third.body.id.slice(0, 3)).toBe(created[0]?.slice(0, 3));
    // The next custom object gets the next key prefix, not the saved one's again.
    expect((await again.post("/tooling/sobjects/CustomObject", { FullName: "Second__c", Metadata: { label: "Second", pluralLabel: "Seconds", nameField: { type: "Text", label: "Name" }, deploymentStatus: "Deployed", sharingModel: "ReadWrite" } })).status).toBe(201);
    const prefixes = (await t.control.state(DEMO_ORG_SLUG)).objects.filter((o) => o.custom).map((o) => o.keyPrefix);
    expect(new Set(prefixes).size).toBe(2);

    // The app added at run time kept its secret and its rotation setting.
    const rotated = await refresh(t, runtimeToken.refresh_token ?? "", runtimeApp);
    expect(rotated.status).toBe(200);
    expect(rotated.body.refresh_token).toBeDefined();
    expect(rotated.body.refresh_token).not.toBe(runtimeToken.refresh_token);
    expect((await refresh(t, runtimeToken.refresh_token ?? "", { ...runtimeApp, clientSecret: "wrong" })).status).toBe(400);
  });

  it("writes the file, debounced, while running", async () => {
    const file = stateFile();
    const t = await start(file);
    const api = await t.adminClient();
    const res = await api.post("/sobjects/Account", { Name: "Written While Running" });
    expect(res.status).toBe(201);
    await expect.poll(() => existsSync(file) && readFileSync(file, "utf8").includes(res.body.id), { timeout: 2000 }).toBe(true);
  });

  it("settings given at start win over the saved ones; the demo seed is not applied twice", async () => {
    const file = stateFile();
    let t = await start(file);
    await t.control.setSettings({ dailyApiLimit: 100, strict: false });
    const accounts = (await t.control.state(DEMO_ORG_SLUG)).records.Account?.length;
    await stop(t);
    t = await start(file, { dailyApiLimit: 50 });
    const settings = await t.control.setSettings({});
    expect(settings).toMatchObject({ dailyApiLimit: 50, strict: false });
    expect((await t.control.state(DEMO_ORG_SLUG)).records.Account?.length).toBe(accounts);
    await stop(t);
    // A new callback URL for the demo app (the app moved to another port) is added to the saved app.
    const moved = "http://localhost:3999/api/integrations/salesforce/callback";
    t = await start(file, { demoRedirectUris: [moved] });
    expect(t.sandbox.store.apps.get(DEMO_APP.clientId)?.redirectUris).toEqual([REDIRECT_URI, moved]);
  });

  it("reset clears the saved state too", async () => {
    const file = stateFile();
    let t = await start(file, { persistDebounceMs: 60_000 });
    const token: TokenResponse = await t.connect();
    const api = new RestClient(token.instance_url, token.access_token);
    await createRequestSchema(api);
    await t.control.reset();
    // Control changes are written at once, not after the (here very long) debounce.
    expect(readFileSync(file, "utf8")).not.toContain("Request__c");
    await stop(t);

    t = await start(file);
    expect((await refresh(t, token.refresh_token ?? "")).body).toMatchObject({ error: "invalid_grant" });
    const fresh = await t.adminClient();
    expect((await fresh.get("/sobjects/Request__c/describe")).status).toBe(404);
    expect((await fresh.query("SELECT COUNT() FROM Account")).body.totalSize).toBeGreaterThan(0);
  });

  it.each([
    ["not JSON", "{ this is not json", /JSON/],
    ["another format", JSON.stringify({ version: 1, keys: [], workspaces: {} }), /not a Salesforce sandbox state file/],
    ["another version", JSON.stringify({ format: STATE_FORMAT, version: 99 }), /version 99 is not supported/],
    ["a broken org", JSON.stringify({ format: STATE_FORMAT, version: STATE_VERSION, savedAt: "", settings: { strict: true, dailyApiLimit: 1, sessionTimeoutMs: 1, queryBatchSize: 1 }, dailyLimits: {}, usage: {}, orgs: [{ id: "short" }], apps: [], codes: [], refreshTokens: [], sessions: [] }), /orgs\.0\.id/],
  ])("a state file that is %s is set aside with a message; the sandbox starts from the seed", async (_case, content, reason) => {
    const file = stateFile();
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const t = await start(file);
    const load = t.sandbox.stateFileLoad;
    expect(load?.status).toBe("set-aside");
    if (load?.status !== "set-aside") return;
    expect(load.reason).toMatch(reason);
    expect(readFileSync(load.movedTo, "utf8")).toBe(content);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining(load.movedTo));
    // Fresh from the seed: the demo app works and the file is rewritten in the current format.
    const api = await t.adminClient();
    expect((await api.query("SELECT COUNT() FROM Contact")).body.totalSize).toBeGreaterThan(0);
    await stop(t);
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ format: STATE_FORMAT, version: STATE_VERSION });
  });
});
