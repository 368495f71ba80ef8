import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { externalApiFailure, json, startTestServer, type TestServer } from "@/lib/http/test-server";
import { paginate, parseRateLimit, VitallyClient, type VitallyCall } from "./client";

const KEY = "sk_live_unit_test_key_1234";
const BASIC = `Basic ${Buffer.from(`${KEY}:`).toString("base64")}`;
const RL = { "RateLimit-Limit": "1000, 1000;window=60", "RateLimit-Remaining": "998", "RateLimit-Reset": "59" };

let server: TestServer;
let calls: VitallyCall[];
let client: VitallyClient;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  calls = [];
  client = new VitallyClient({ baseUrl: `${server.url}/`, apiKey: KEY, timeoutMs: 400, onCall: (c) => calls.push(c) });
});


const account = (id: string, organizationId: string | null = null) => ({ id, externalId: `ext-${id}`, name: `Account ${id}`, organizationId, traits: {} });

describe("requests Ferry sends", () => {
  it("authenticates with Basic base64(key:) and asks for JSON", async () => {
    server.handle((_req, res) => json(res, 200, { results: [], next: null }, RL));
    await client.checkCredentials();
    const [req] = server.requests;
    expect(req!.method).toBe("GET");
    expect(req!.url).toBe("/resources/accounts?limit=1");
    expect(req!.headers.authorization).toBe(BASIC);
    expect(req!.headers.accept).toBe("application/json");
  });

  it("encodes ids and queries, and never sends empty cursor parameters", async () => {
    server.handle((_req, res) => json(res, 200, { results: [], next: null }));
    await client.listAccountUsers("acc/1 2", { from: null, limit: 5 });
    await client.searchUsers({ email: "jane+vip@acme.com" });
    expect(server.requests.map((r) => r.url)).toEqual([
      "/resources/accounts/acc%2F1%202/users?limit=5",
      "/resources/users/search?email=jane%2Bvip%40acme.com",
    ]);
  });

  it("sends JSON bodies with a content type", async () => {
    server.handle((req, res) => json(res, 200, { id: "i-1", name: "Ferry Request ID: 1", ...JSON.parse(req.body) }));
    const created = await client.updateInstance("co-1", "i-1", { traits: { "vitally.custom.status": "Open", "vitally.custom.gone": null } });
    const [req] = server.requests;
    expect(req!.method).toBe("PUT");
    expect(req!.url).toBe("/resources/customObjects/co-1/instances/i-1");
    expect(req!.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(req!.body)).toEqual({ traits: { "vitally.custom.status": "Open", "vitally.custom.gone": null } });
    expect(created.traits).toEqual({ "vitally.custom.status": "Open", "vitally.custom.gone": null });
  });

  it("refuses a search with no or several criteria before calling", async () => {
    expect(() => client.searchUsers({ email: "" })).toThrow(/one search criterion/);
    expect(() => client.searchUsers({ email: "a@b.co", externalId: "x" } as never)).toThrow(/exactly one/);
    expect(() => client.searchInstances("co", { id: "1", externalId: "2" } as never)).toThrow(/exactly one/);
    expect(() => client.listCustomFields({ model: "customObjects" })).toThrow(/customObjectId is required/);
    expect(server.requests).toHaveLength(0);
  });
});

describe("answers", () => {
  it("parses pages and exposes the rate-limit headers", async () => {
    server.handle((_req, res) => json(res, 200, { results: [account("a1", "o1")], next: "abc", atEnd: false, extra: 1 }, RL));
    const page = await client.listAccounts({ sortBy: "createdAt" });
    expect(page.results[0]).toMatchObject({ id: "a1", organizationId: "o1" });
    expect(page.next).toBe("abc");
    expect(client.lastRateLimit).toEqual({ limit: 1000, remaining: 998, resetSeconds: 59 });
    expect(calls).toEqual([
      {
        operation: "accounts.list",
        method: "GET",
        path: "/resources/accounts?sortBy=createdAt",
        status: 200,
        durationMs: expect.any(Number),
        rateLimit: { limit: 1000, remaining: 998, resetSeconds: 59 },
      },
    ]);
  });

  it("reads users/search as { results }, a bare array or a single object", async () => {
    const user = { id: "u1", externalId: 42, email: "jane@acme.com", accounts: [account("a1")], organizations: [] };
    for (const body of [{ results: [user] }, [user], user]) {
      server.handle((_req, res) => json(res, 200, body));
      const found = await client.searchUsers({ email: "jane@acme.com" });
      expect(found).toHaveLength(1);
      expect(found[0]!.externalId).toBe("42");
    }
  });

  it("reads admins/search as a single object, a list, and a 404 as nobody", async () => {
    const admin = { id: "ad1", name: "Ann", email: "ann@vendor.com", licenseStatus: "active" };
    server.handle((_req, res) => json(res, 200, admin));
    expect(await client.searchAdmins("ann@vendor.com")).toEqual([admin]);
    server.handle((_req, res) => json(res, 200, { results: [admin] }));
    expect(await client.searchAdmins("ann@vendor.com")).toEqual([admin]);
    server.handle((_req, res) => json(res, 404, { message: "Admin not found" }));
    expect(await client.searchAdmins("nobody@vendor.com")).toEqual([]);
  });

  it("reads custom object fields in both documented shapes", async () => {
    server.handle((_req, res) =>
      json(res, 200, { id: "co1", name: "ferryRequests", label: "Ferry Requests", customFields: [{ id: "f1", label: "Status", type: "string", path: "vitally.custom.status" }] }),
    );
    expect((await client.getCustomObject("co1")).customFields).toEqual([{ id: "f1", label: "Status", type: "string", path: "vitally.custom.status" }]);
    server.handle((_req, res) => json(res, 200, { id: "co1", name: "x", label: "X", customFields: { "vitally.custom.status": "Status" } }));
    expect((await client.getCustomObject("co1")).customFields).toEqual([{ path: "vitally.custom.status", label: "Status", type: "unknown" }]);
  });

  it("treats an empty body of a DELETE as success", async () => {
    server.handle((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    await expect(client.deleteInstance("co1", "i1")).resolves.toBeUndefined();
    expect(calls[0]).toMatchObject({ method: "DELETE", status: 204 });
  });

  it("finds one instance through search?id=", async () => {
    server.handle((req, res) => json(res, 200, req.url.includes("id=i1") ? [{ id: "i1", name: "n", traits: {} }] : []));
    expect(await client.getInstance("co1", "i1")).toMatchObject({ id: "i1", traits: {} });
    expect(await client.getInstance("co1", "nope")).toBeNull();
    expect(server.requests[0]!.url).toBe("/resources/customObjects/co1/instances/search?id=i1");
  });
});

describe("failures", () => {
  it("429 → rate_limited with the wait Vitally asks for", async () => {
    server.handle((_req, res) => json(res, 429, { message: "Too many requests" }, { ...RL, "RateLimit-Remaining": "0", "Retry-After": "3" }));
    const err = await externalApiFailure(client.listUsers());
    expect(err).toMatchObject({ vendor: "vitally", operation: "users.list", kind: "rate_limited", status: 429, retryAfterMs: 3000 });
    expect(client.lastRateLimit?.remaining).toBe(0);
    expect(calls[0]).toMatchObject({ status: 429, kind: "rate_limited" });
  });

  it("5xx → transient; 401 → auth with Vitally's words; 400 → invalid_request", async () => {
    server.handle((_req, res) => json(res, 503, { message: "maintenance" }));
    expect((await externalApiFailure(client.getUser("u1"))).kind).toBe("transient");
    server.handle((_req, res) => json(res, 401, { error: "Unauthorized" }));
    const auth = await externalApiFailure(client.getUser("u1"));
    expect(auth.kind).toBe("auth");
    expect(auth.message).toBe("Vitally GET /resources/users/u1 answered 401: Unauthorized");
    server.handle((_req, res) => json(res, 400, { message: "externalId is required" }));
    const bad = await externalApiFailure(client.createUser({ externalId: "", accountIds: ["a"] }));
    expect(bad.kind).toBe("invalid_request");
    expect(bad.message).toContain("externalId is required");
  });

  it("never keeps the key, even when the server echoes it", async () => {
    server.handle((req, res) => json(res, 400, { message: `bad key ${KEY}`, got: req.headers.authorization }));
    const err = await externalApiFailure(client.getAccount("a1"));
    const everything = JSON.stringify({ err, message: err.message, calls });
    expect(everything).not.toContain(KEY);
    expect(everything).not.toContain(BASIC.slice(6));
    expect(err.bodySnippet).toContain("[redacted]");
  });

  it("an answer that is not JSON, or not the expected shape, is invalid_response", async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html>Welcome to nginx</html>");
    });
    const html = await externalApiFailure(client.checkCredentials());
    expect(html.kind).toBe("invalid_response");
    expect(html.message).toMatch(/not JSON/);
    server.handle((_req, res) => json(res, 200, { accounts: [] }));
    const shape = await externalApiFailure(client.checkCredentials());
    expect(shape.kind).toBe("invalid_response");
    expect(shape.message).toMatch(/results/);
    expect(calls.map((c) => c.kind)).toEqual(["invalid_response", "invalid_response"]);
  });

  it("a redirect is not followed", async () => {
    server.handle((_req, res) => {
      res.writeHead(301, { location: "https://elsewhere.example.com/" });
      res.end();
    });
    const err = await externalApiFailure(client.listAccounts());
    expect(err.kind).toBe("invalid_response");
    expect(err.message).toMatch(/redirected \(301\)/);
  });

  it("a hung call times out and is logged without a status", async () => {
    server.handle(() => {});
    const err = await externalApiFailure(client.listOrganizations());
    expect(err.kind).toBe("timeout");
    expect(calls[0]).toMatchObject({ operation: "organizations.list", status: null, kind: "timeout" });
    expect(calls[0]!.durationMs).toBeGreaterThanOrEqual(350);
  });

  it("a dropped connection is a network error", async () => {
    server.handle((_req, _res, socket) => {
      socket.destroy();
    });
    const err = await externalApiFailure(client.listOrganizations());
    expect(err.kind).toBe("network");
    expect(calls[0]).toMatchObject({ status: null, kind: "network" });
  });
});

describe("request (any endpoint)", () => {
  it("calls paths below /resources and returns the JSON", async () => {
    server.handle((req, res) => json(res, 200, { ok: true, path: req.url }));
    expect(await client.request("POST", "/notes", { note: "x" })).toEqual({ ok: true, path: "/resources/notes" });
    expect(await client.request("GET", "/resources/tasks", undefined, { query: { limit: 2 } })).toEqual({ ok: true, path: "/resources/tasks?limit=2" });
    expect(calls.map((c) => c.operation)).toEqual(["request.post", "request.get"]);
  });

  it("refuses paths that could leave the API", () => {
    for (const path of ["notes", "//evil.com/x", "/resources/../admin", "/a?b=1", "/a#x", "/a\\b"]) {
      expect(() => client.request("GET", path)).toThrow(/plain absolute path/);
    }
  });
});

describe("paginate", () => {
  it("follows next until it runs out", async () => {
    const pages: Record<string, { results: ReturnType<typeof account>[]; next: string | null }> = {
      first: { results: [account("a1"), account("a2")], next: "c2" },
      c2: { results: [account("a3")], next: "c3" },
      c3: { results: [], next: null },
    };
    server.handle((req, res) => {
      const from = new URL(req.url, "http://x").searchParams.get("from") ?? "first";
      json(res, 200, pages[from]);
    });
    const ids: string[] = [];
    for await (const a of paginate((from) => client.listAccounts({ from, limit: 2 }))) ids.push(a.id);
    expect(ids).toEqual(["a1", "a2", "a3"]);
    expect(server.requests.map((r) => r.url)).toEqual([
      "/resources/accounts?limit=2",
      "/resources/accounts?from=c2&limit=2",
      "/resources/accounts?from=c3&limit=2",
    ]);
  });

  it("stops at atEnd even with a cursor, and refuses a cursor loop", async () => {
    const atEnd = paginate(async () => ({ results: [1], next: "again", atEnd: true }));
    const seen: number[] = [];
    for await (const n of atEnd) seen.push(n);
    expect(seen).toEqual([1]);
    const loop = paginate(async () => ({ results: [1], next: "same" }));
    await expect(async () => {
      for await (const _ of loop) void _;
    }).rejects.toThrow(/already returned/);
  });
});

describe("parseRateLimit", () => {
  it("reads both header families and epoch resets", () => {
    expect(parseRateLimit(new Headers({ "X-RateLimit-Limit": "100", "X-RateLimit-Remaining": "7", "X-RateLimit-Reset": "2000000030" }), 2_000_000_000_000)).toEqual({
      limit: 100,
      remaining: 7,
      resetSeconds: 30,
    });
    expect(parseRateLimit(new Headers())).toBeNull();
  });
});
