import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { DEMO_APP, DEMO_ORG_SLUG } from "@/lib/sandbox/salesforce/seed-demo";
import { startSandbox, type TestSandbox, type TokenResponse } from "@/lib/sandbox/salesforce/test-helpers";
import { SalesforceClient, soqlString, type SalesforceClientOptions } from "./client";
import { isSalesforceApiError, REQUEST_LIMIT_RETRY_MS, type SalesforceApiError } from "./errors";
import { refreshAccessToken } from "./oauth";

/** The client against the Salesforce sandbox over real HTTP: sessions, limits, failures, records, paging, Metadata API. */

let t: TestSandbox;
let token: TokenResponse;
let refreshes: number;

beforeAll(async () => {
  t = await startSandbox({ queryBatchSize: 3 });
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.control.reset(DEMO_ORG_SLUG);
  await t.control.seedDemo();
  token = await t.connect();
  refreshes = 0;
});

/** A client whose refresh really refreshes at the login host (as salesforceClientFor does). */
function clientFor(options: Partial<SalesforceClientOptions> = {}) {
  return new SalesforceClient({
    instanceUrl: token.instance_url,
    accessToken: token.access_token,
    refresh: async () => {
      refreshes += 1;
      const next = await refreshAccessToken({ loginUrl: t.sandbox.urls.login, clientId: DEMO_APP.clientId, clientSecret: DEMO_APP.clientSecret, refreshToken: token.refresh_token as string });
      return next.accessToken;
    },
    ...options,
  });
}

async function rejection(promise: Promise<unknown>): Promise<SalesforceApiError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isSalesforceApiError(err)) throw new Error(`expected a SalesforceApiError, got ${String(err)}`);
  return err;
}

const ZAccount = z.object({ Id: z.string(), Name: z.string() });

describe("sessions", () => {
  it("401 INVALID_SESSION_ID → one refresh, the call is sent again and succeeds; both calls are logged", async () => {
    const client = clientFor();
    await t.control.expireSessions(DEMO_ORG_SLUG);
    const limits = await client.limits();
    expect(limits.DailyApiRequests.Max).toBeGreaterThan(0);
    expect(refreshes).toBe(1);
    expect(client.calls.map((c) => [c.operation, c.status, c.kind])).toEqual([
      ["limits", 401, "auth"],
      ["limits", 200, undefined],
    ]);
    // The new token stays in use: no further refresh.
    await client.limits();
    expect(refreshes).toBe(1);
  });

  it("calls failing together after expiry share one refresh", async () => {
    const client = clientFor();
    await client.limits();
    await t.control.expireSessions(DEMO_ORG_SLUG);
    await Promise.all([client.limits(), client.describe("Account"), client.query("SELECT Id, Name FROM Account", ZAccount)]);
    expect(refreshes).toBe(1);
  });

  it("still 401 after the refresh → auth error, no second refresh (no loop); without refresh() → auth error at once", async () => {
    const client = new SalesforceClient({
      instanceUrl: token.instance_url,
      accessToken: token.access_token,
      refresh: async () => {
        refreshes += 1;
        return "00Dbogus!token";
      },
    });
    await t.control.expireSessions(DEMO_ORG_SLUG);
    const err = await rejection(client.limits());
    expect([err.kind, err.code, err.status]).toEqual(["auth", "INVALID_SESSION_ID", 401]);
    expect(refreshes).toBe(1);
    expect(client.calls).toHaveLength(2);
    const bare = new SalesforceClient({ instanceUrl: token.instance_url, accessToken: token.access_token });
    expect((await rejection(bare.limits())).kind).toBe("auth");
    expect(bare.calls).toHaveLength(1);
  });

  it("a revoked grant: refresh fails with invalid_grant (auth) and the call is not sent again", async () => {
    const client = clientFor();
    await t.control.expireSessions(DEMO_ORG_SLUG);
    await fetch(`${t.sandbox.urls.login}/services/oauth2/revoke`, { method: "POST", body: new URLSearchParams({ token: token.refresh_token as string }) });
    const err = await rejection(client.limits());
    expect([err.kind, err.code]).toEqual(["auth", "invalid_grant"]);
    expect(client.calls).toHaveLength(1);
  });

  it("the SOAP session fault also refreshes once", async () => {
    const client = clientFor();
    await t.control.expireSessions(DEMO_ORG_SLUG);
    const records = await client.metadata("readMetadata", "CustomObject", ["Request__c"]);
    expect(records).toEqual([null]);
    expect(refreshes).toBe(1);
    expect(client.calls.map((c) => c.status)).toEqual([500, 200]);
  });
});

describe("limits and failures", () => {
  it("limitInfo follows Sforce-Limit-Info", async () => {
    const client = clientFor();
    expect(client.limitInfo).toBeNull();
    await t.control.setApiUsage(DEMO_ORG_SLUG, { limit: 1000, used: 41 });
    await client.limits();
    expect(client.limitInfo).toEqual({ used: 42, max: 1000 });
    await client.describe("Account");
    expect(client.limitInfo).toEqual({ used: 43, max: 1000 });
  });

  it("403 REQUEST_LIMIT_EXCEEDED is rate_limited with the code and a 15-minute wait (the daily allocation, and a burst)", async () => {
    const client = clientFor();
    await t.control.setApiUsage(DEMO_ORG_SLUG, { limit: 10, used: 10 });
    const err = await rejection(client.limits());
    expect([err.kind, err.code, err.status, err.retryAfterMs]).toEqual(["rate_limited", "REQUEST_LIMIT_EXCEEDED", 403, REQUEST_LIMIT_RETRY_MS]);
    expect(client.limitInfo).toEqual({ used: 10, max: 10 });
    await t.control.setApiUsage(DEMO_ORG_SLUG, { limit: null, used: 0 });
    await t.control.setFaults(DEMO_ORG_SLUG, { rateLimitBurst: { next: 1 } });
    expect((await rejection(client.describe("Account"))).code).toBe("REQUEST_LIMIT_EXCEEDED");
    await expect(client.describe("Account")).resolves.toBeTruthy();
  });

  it("5xx is transient (REST and SOAP), never retried by the client", async () => {
    const client = clientFor();
    await t.control.setFaults(DEMO_ORG_SLUG, { serverErrors: { next: 1, status: 503 } });
    const rest = await rejection(client.limits());
    expect([rest.kind, rest.status, rest.code]).toEqual(["transient", 503, "SERVER_UNAVAILABLE"]);
    await t.control.setFaults(DEMO_ORG_SLUG, { serverErrors: { next: 1, status: 500 } });
    const soap = await rejection(client.metadata("readMetadata", "CustomObject", ["Request__c"]));
    expect([soap.kind, soap.status]).toEqual(["transient", 500]);
    expect(client.calls).toHaveLength(2);
  });

  it("both error shapes: a REST error array (errorCode + fields) throws; collection items (statusCode) come back per item", async () => {
    const client = clientFor();
    const rest = await rejection(client.create("Contact", { FirstName: "No", LastName: "Body", Nope__c: "x" }));
    expect([rest.kind, rest.status, rest.code]).toEqual(["invalid_request", 400, "INVALID_FIELD"]);
    const missing = await rejection(client.create("Contact", { FirstName: "No" }));
    expect([missing.code, missing.fields]).toEqual(["REQUIRED_FIELD_MISSING", ["LastName"]]);
    const items = await client.createMany([
      { attributes: { type: "Contact" }, LastName: "Fine" },
      { attributes: { type: "Contact" }, FirstName: "Nameless" },
    ]);
    expect(items[0]).toMatchObject({ success: true, id: expect.stringMatching(/^003/), errors: [] });
    expect(items[1]).toMatchObject({ success: false, id: null, errors: [{ code: "REQUIRED_FIELD_MISSING", fields: ["LastName"] }] });
    expect((await rejection(client.update("Contact", "003000000000000AAA", { LastName: "x" }))).kind).toBe("not_found");
  });

  it("describe of a missing object is null; a bad query is invalid_request MALFORMED_QUERY", async () => {
    const client = clientFor();
    expect(await client.describe("Request__c")).toBeNull();
    const account = await client.describe("Account");
    expect(account?.fields.map((f) => f.name)).toContain("Name");
    expect((await rejection(client.query("SELEC Id FROM Account", ZAccount))).code).toBe("MALFORMED_QUERY");
  });
});

describe("records", () => {
  it("create, update, query with escapes", async () => {
    const client = clientFor();
    const { id } = await client.create("Account", { Name: "O'Brien \\ Sons" });
    await client.update("Account", id, { Website: "https://obrien.example" });
    const page = await client.query(`SELECT Id, Name FROM Account WHERE Name = ${soqlString("O'Brien \\ Sons")}`, ZAccount);
    expect(page.records).toEqual([expect.objectContaining({ Id: id, Name: "O'Brien \\ Sons" })]);
  });

  it("query pages: query() gives one page and a locator; queryAll() follows every page", async () => {
    const client = clientFor();
    const total = (await client.query("SELECT COUNT() FROM Account", z.never())).totalSize;
    expect(total).toBeGreaterThan(3);
    const first = await client.query("SELECT Id, Name FROM Account ORDER BY Name", ZAccount);
    expect(first).toMatchObject({ done: false, totalSize: total, nextRecordsUrl: expect.stringMatching(/^\/services\/data\/v62\.0\/query\//) });
    expect(first.records).toHaveLength(3);
    const all = await client.queryAll("SELECT Id, Name FROM Account ORDER BY Name", ZAccount);
    expect(all).toHaveLength(total);
    expect(new Set(all.map((a) => a.Id)).size).toBe(total);
    expect(client.calls.filter((c) => c.operation === "query.more")).toHaveLength(Math.ceil(total / 3) - 1);
    // The logged path carries the SOQL, not the token.
    expect(client.calls[0]?.path).toContain("SELECT COUNT() FROM Account");
  });

  it("a record that does not parse is invalid_response", async () => {
    const client = clientFor();
    const err = await rejection(client.query("SELECT Id FROM Account LIMIT 1", z.object({ Id: z.string(), Name: z.string() })));
    expect(err.kind).toBe("invalid_response");
  });

  it("Metadata API + FLS, then upsert: 201 created, 200 updated, 300 MULTIPLE_CHOICES; values are URL-encoded", async () => {
    const client = clientFor();
    const object = await client.metadata("upsertMetadata", "CustomObject", [
      { fullName: "Request__c", label: "Request", pluralLabel: "Requests", nameField: { type: "Text", label: "Request Name" }, deploymentStatus: "Deployed", sharingModel: "ReadWrite" },
    ]);
    expect(object).toEqual([{ fullName: "Request__c", success: true, created: true, errors: [] }]);
    const fields = await client.metadata("createMetadata", "CustomField", [
      { fullName: "Request__c.RequestId__c", label: "Ferry RequestId", type: "Text", length: 255, externalId: true, unique: true, caseSensitive: true },
      { fullName: "Request__c.Legacy__c", label: "Legacy", type: "Text", length: 50, externalId: true },
      { fullName: "Request__c.Bad__c", label: "Bad", type: "Text", length: 999 },
    ]);
    expect(fields.map((f) => [f.fullName, f.success])).toEqual([
      ["Request__c.RequestId__c", true],
      ["Request__c.Legacy__c", true],
      ["Request__c.Bad__c", false],
    ]);
    expect(fields[2]?.errors[0]?.code).toBe("FIELD_INTEGRITY_EXCEPTION");
    const read = await client.metadata("readMetadata", "CustomField", ["Request__c.RequestId__c", "Request__c.Nope__c"]);
    expect(read[0]).toMatchObject({ fullName: "Request__c.RequestId__c", externalId: "true", length: "255" });
    expect(read[1]).toBeNull();

    const ps = (await client.query("SELECT Id FROM PermissionSet WHERE IsOwnedByProfile = true AND Profile.Name = 'System Administrator'", z.object({ Id: z.string() }))).records[0]?.Id as string;
    const grants = await client.createMany(
      ["RequestId__c", "Legacy__c"].map((f) => ({ attributes: { type: "FieldPermissions" }, ParentId: ps, SobjectType: "Request__c", Field: `Request__c.${f}`, PermissionsRead: true, PermissionsEdit: true })),
    );
    expect(grants.every((g) => g.success)).toBe(true);

    const value = "req/1 ?#%";
    const created = await client.upsert("Request__c", "RequestId__c", value, { Name: "First", RequestId__c: value });
    expect(created).toEqual({ id: expect.stringMatching(/^a0/), created: true });
    const updated = await client.upsert("Request__c", "RequestId__c", value, { Name: "Second" });
    expect(updated).toEqual({ id: created.id, created: false });
    const stored = await client.query(`SELECT Id, Name, RequestId__c FROM Request__c WHERE RequestId__c = ${soqlString(value)}`, z.object({ Id: z.string(), Name: z.string(), RequestId__c: z.string() }));
    expect(stored.records).toEqual([expect.objectContaining({ Id: created.id, Name: "Second", RequestId__c: value })]);

    await client.create("Request__c", { Name: "L1", Legacy__c: "same" });
    await client.create("Request__c", { Name: "L2", Legacy__c: "same" });
    const multiple = await rejection(client.upsert("Request__c", "Legacy__c", "same", { Name: "x" }));
    expect([multiple.status, multiple.code, multiple.kind]).toEqual([300, "MULTIPLE_CHOICES", "invalid_response"]);
    // An external id field Salesforce does not know (or cannot see) is not_found.
    expect((await rejection(client.upsert("Request__c", "Bad__c", "x", { Name: "x" }))).kind).toBe("not_found");
  });

  it("beforeCall runs before every request and can stop it", async () => {
    const seen: string[] = [];
    const client = clientFor({
      beforeCall: async ({ operation }) => {
        seen.push(operation);
        if (seen.length > 1) throw new Error("budget used up");
      },
    });
    await client.limits();
    await expect(client.limits()).rejects.toThrow("budget used up");
    expect(seen).toEqual(["limits", "limits"]);
    expect(client.calls).toHaveLength(1);
  });
});
