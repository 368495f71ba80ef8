import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedPortUrl, json, startTestServer, type TestServer } from "@/lib/http/test-server";
import type { VitallyCall } from "./client";
import type { VitallyConnection } from "./connection";
import { validateVitallyConnection, verdictForError } from "./validate-connection";
import { ExternalApiError } from "@/lib/http/external-api-error";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const conn = (baseUrl: string): VitallyConnection => ({ baseUrl, region: "custom", subdomain: null, apiKey: "sk_live_validate_123456" });

describe("validateVitallyConnection against a local server", () => {
  it("ok on a Vitally-shaped answer, with the rate-limit figures", async () => {
    server.handle((_req, res) =>
      json(res, 200, { results: [], next: null }, { "RateLimit-Limit": "1000, 1000;window=60", "RateLimit-Remaining": "999", "RateLimit-Reset": "60" }),
    );
    const calls: VitallyCall[] = [];
    const check = await validateVitallyConnection(conn(server.url), { onCall: (c) => calls.push(c) });
    expect(check).toMatchObject({ outcome: "ok", ok: true, field: null, action: "", status: 200, rateLimit: { remaining: 999 } });
    expect(check.message).toBe(`Connected to Vitally at ${new URL(server.url).host}.`);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.path).toBe("/resources/accounts?limit=1");
  });

  it.each([
    ["401", 401, { error: "Unauthorized" }, "key_rejected", "auth", /rejected this API key \(401\)/],
    ["403", 403, { error: "Forbidden" }, "key_rejected", "auth", /refused this API key access \(403\)/],
    ["404", 404, { error: "Unknown subdomain" }, "subdomain_not_found", "apiUrl", /no Vitally workspace at/],
    ["502", 502, { message: "bad gateway" }, "vitally_unavailable", null, /server error \(502\)/],
    ["400", 400, { message: "nope" }, "not_vitally", "apiUrl", /not like the Vitally REST API/],
    ["200 of another shape", 200, { data: [] }, "not_vitally", "apiUrl", /not like the Vitally REST API/],
  ] as const)("%s", async (_name, status, body, outcome, field, message) => {
    server.handle((_req, res) => json(res, status, body));
    const check = await validateVitallyConnection(conn(server.url));
    expect(check).toMatchObject({ outcome, ok: false, field });
    expect(check.message).toMatch(message);
    expect(check.action.length).toBeGreaterThan(10);
  });

  it("an HTML page is not Vitally", async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<!doctype html><title>Login</title>");
    });
    expect((await validateVitallyConnection(conn(server.url))).outcome).toBe("not_vitally");
  });

  it("a 429 says how long to wait", async () => {
    server.handle((_req, res) => json(res, 429, { error: "Too many requests" }, { "Retry-After": "17" }));
    const check = await validateVitallyConnection(conn(server.url));
    expect(check).toMatchObject({ outcome: "rate_limited", retryAfterMs: 17_000 });
    expect(check.action).toMatch(/^Wait 17 seconds and press Continue again/);
  });

  it("a server that never answers is a network error", async () => {
    server.handle(() => {});
    const check = await validateVitallyConnection(conn(server.url), { timeoutMs: 200 });
    expect(check).toMatchObject({ outcome: "network_error", field: "apiUrl" });
    expect(check.message).toMatch(/did not answer in time/);
  });

  it("a refused connection is a network error", async () => {
    const check = await validateVitallyConnection(conn(await closedPortUrl()));
    expect(check.outcome).toBe("network_error");
    expect(check.message).toMatch(/refused the connection/);
  });

  it("a host that does not resolve is a subdomain that does not exist", async () => {
    const check = await validateVitallyConnection(conn("http://ferry-test.invalid"), { timeoutMs: 5000 });
    expect(check).toMatchObject({ outcome: "subdomain_not_found", field: "apiUrl" });
    expect(check.message).toBe("The host ferry-test.invalid does not exist (DNS lookup failed).");
  });
});

describe("verdictForError wording", () => {
  const us: VitallyConnection = { baseUrl: "https://acme.rest.vitally.io", region: "us", subdomain: "acme", apiKey: "k" };
  it("points a US admin at the login address and the EU host when DNS fails", () => {
    const err = new ExternalApiError({ vendor: "vitally", operation: "credentials.check", kind: "network", networkErrorCode: "ENOTFOUND", message: "x" });
    const check = verdictForError(us, err);
    expect(check.outcome).toBe("subdomain_not_found");
    expect(check.message).toBe("The host acme.rest.vitally.io does not exist (DNS lookup failed).");
    expect(check.action).toMatch(/acme in acme\.vitally\.io/);
    expect(check.action).toMatch(/rest\.vitally-eu\.io/);
  });
});
