import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { basicAuthHeader } from "./auth";
import { KEY_A, KEY_B, SUBDOMAIN_A, SUBDOMAIN_B, rawRequest, startSandbox, uid, type TestSandbox } from "./test-helpers";

let t: TestSandbox;
beforeAll(async () => {
  t = await startSandbox();
});
afterAll(() => t.close());

// Reference §2 (authentication) and §6 (error bodies).
describe("authentication", () => {
  it("answers 401 with the observed body when the Authorization header is missing", async () => {
    const res = await t.client(null).get("/resources/accounts");
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: "Authorization header not present." });
  });

  it("answers 401 {error} for a wrong key", async () => {
    const res = await t.client("sk_live_wrong").get("/resources/accounts");
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: "Unauthorized" });
  });

  it("accepts Basic base64('<key>:') — the doc's `Basic c2VjcmV0X2tleTo=` form", async () => {
    expect(basicAuthHeader("secret_key")).toBe("Basic c2VjcmV0X2tleTo=");
    const res = await t.api.get("/resources/accounts?limit=1");
    expect(res.status).toBe(200);
  });

  it("rejects a raw key, a Bearer token, a missing colon and (strict) a non-empty password", async () => {
    const base = t.api.baseUrl;
    for (const authorization of [
      KEY_A,
      `Bearer ${KEY_A}`,
      `Basic ${Buffer.from(KEY_A).toString("base64")}`,
      basicAuthHeader(KEY_A, "password"),
    ]) {
      const res = await fetch(`${base}/resources/accounts`, { headers: { Authorization: authorization } });
      expect(res.status, authorization).toBe(401);
    }
  });

  it("a key revoked through the control API stops working", async () => {
    const key = uid("sk_live_revoke");
    await t.control.addKey({ key, subdomain: "revoke-ws" });
    const api = t.client(key, "revoke-ws");
    expect((await api.get("/resources/accounts")).status).toBe(200);
    await t.control.revokeKey(key);
    expect((await api.get("/resources/accounts")).status).toBe(401);
  });

  it("keeps each workspace's data to its own keys", async () => {
    const externalId = uid("iso");
    const created = await t.api.post("/resources/organizations", { externalId, name: "Only in A" });
    expect(created.status).toBe(200);
    expect((await t.api.get(`/resources/organizations/${externalId}`)).status).toBe(200);
    expect((await t.apiB.get(`/resources/organizations/${externalId}`)).status).toBe(404);
  });
});

// Reference §1 (hosts): per-subdomain US hosts and the shared EU host.
describe("host styles", () => {
  const auth = { Authorization: basicAuthHeader(KEY_A) };

  it("serves the subdomain style from the Host header (<sub>.localhost and <sub>.rest.vitally.io)", async () => {
    for (const host of [`${SUBDOMAIN_A}.localhost:${t.sandbox.port}`, `${SUBDOMAIN_A}.rest.vitally.io`]) {
      const res = await rawRequest(t.sandbox.port, { path: "/resources/accounts", host, headers: auth });
      expect(res.status, host).toBe(200);
      expect(res.body.results).toBeInstanceOf(Array);
    }
    const log = await t.control.log({ key: KEY_A, limit: 1 });
    expect(log[0]).toMatchObject({ hostStyle: "subdomain", subdomain: SUBDOMAIN_A });
  });

  it("serves the path-prefix fallback /s/<subdomain>/resources", async () => {
    const res = await t.api.get("/resources/accounts");
    expect(res.status).toBe(200);
    const [entry] = await t.control.log({ key: KEY_A, limit: 1 });
    expect(entry).toMatchObject({ hostStyle: "path", subdomain: SUBDOMAIN_A });
  });

  it("serves the EU style: a shared host without subdomain, the key picks the workspace", async () => {
    for (const host of [`127.0.0.1:${t.sandbox.port}`, "rest.vitally-eu.io", `localhost:${t.sandbox.port}`]) {
      const res = await rawRequest(t.sandbox.port, { path: "/resources/accounts", host, headers: auth });
      expect(res.status, host).toBe(200);
    }
    const res = await t.client(KEY_B, null).get("/resources/accounts");
    expect(res.status).toBe(200);
    const [entry] = await t.control.log({ key: KEY_B, limit: 1 });
    expect(entry).toMatchObject({ hostStyle: "shared", subdomain: null });
  });

  it("answers 404 {error: Unknown subdomain} for a subdomain no workspace has", async () => {
    const viaHost = await rawRequest(t.sandbox.port, { path: "/resources/accounts", host: "nope.rest.vitally.io", headers: auth });
    expect(viaHost.status).toBe(404);
    expect(viaHost.body).toEqual({ error: "Unknown subdomain" });
    const viaPath = await t.client(KEY_A, "nope").get("/resources/accounts");
    expect(viaPath.status).toBe(404);
    expect(viaPath.body).toEqual({ error: "Unknown subdomain" });
  });

  it("fails the same way when the subdomain is another workspace's", async () => {
    const res = await t.client(KEY_A, SUBDOMAIN_B).get("/resources/accounts");
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: "Unknown subdomain" });
    const viaHost = await rawRequest(t.sandbox.port, { path: "/resources/accounts", host: `${SUBDOMAIN_B}.localhost`, headers: auth });
    expect(viaHost.status).toBe(404);
  });

  it("answers 404 {message} for paths outside /resources and unknown resources", async () => {
    expect((await t.api.get("/resources/nothingHere")).status).toBe(404);
    const outside = await t.client(KEY_A, null).get("/v1/accounts");
    expect(outside.status).toBe(404);
    expect(outside.body).toEqual({ message: "Not found" });
  });

  it("answers 400 {message} for a body that is not JSON", async () => {
    const res = await t.api.request("POST", "/resources/organizations", "{not json");
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/JSON/);
  });
});
