import { afterAll, describe, expect, it } from "vitest";
import { settleBackgroundWork } from "@/app/api/v1/_lib/handler";
import { apiWorkspace, callApi, requestBody } from "@/app/api/v1/_lib/test-client";
import { revokeApiToken } from "@/lib/api-tokens/revoke-api-token";
import { db } from "@/lib/db";

afterAll(settleBackgroundWork);

const ENDPOINTS: [string, string, unknown?][] = [
  ["POST", "/api/v1/requests", requestBody()],
  ["GET", "/api/v1/requests"],
  ["GET", "/api/v1/requests/1"],
  ["PATCH", "/api/v1/requests/1", { title: "x" }],
  ["POST", "/api/v1/requests/1/messages", { thread: "customer", author: { type: "customer", name: "D" }, text: "hi" }],
  ["PATCH", "/api/v1/requests/1/messages/ext:m", { text: "x" }],
  ["DELETE", "/api/v1/requests/1/messages/ext:m"],
  ["GET", "/api/v1/custom-fields"],
  ["PUT", "/api/v1/custom-fields/product", { name: "Product", kind: "category", type: "text" }],
];

describe("API authentication", () => {
  it.each(ENDPOINTS)("%s %s answers 401 without a token, with a wrong one, or a malformed header", async (method, path, body) => {
    const missing = await callApi(method, path, { body });
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe("unauthenticated");
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer/);
    const wrong = await callApi(method, path, { body, token: `fry_${"A".repeat(40)}` });
    expect(wrong.status).toBe(401);
    const notOurs = await callApi(method, path, { body, token: "sk_live_123" });
    expect(notOurs.status).toBe(401);
    const basic = await callApi(method, path, { body, headers: { authorization: "Basic Zm9vOmJhcg==" } });
    expect(basic.status).toBe(401);
  });

  it("writes nothing for an unauthenticated create", async () => {
    const api = await apiWorkspace();
    const before = await db().request.count();
    await callApi("POST", "/api/v1/requests", { body: requestBody(), token: api.secret.slice(0, -1) + "x" });
    expect(await db().request.count()).toBe(before);
  });

  it("answers 401 once the token is revoked", async () => {
    const api = await apiWorkspace();
    expect((await api.call("GET", "/api/v1/custom-fields")).status).toBe(200);
    await revokeApiToken({ workspaceId: api.workspace.id, actor: { userId: api.owner.id, role: "OWNER" }, tokenId: api.token.id });
    const res = await api.call("GET", "/api/v1/custom-fields");
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/revoked/);
  });

  it("records when a token was last used", async () => {
    const api = await apiWorkspace();
    expect((await db().apiToken.findUniqueOrThrow({ where: { id: api.token.id } })).lastUsedAt).toBeNull();
    await api.call("GET", "/api/v1/custom-fields");
    const used = await db().apiToken.findUniqueOrThrow({ where: { id: api.token.id } });
    expect(used.lastUsedAt).not.toBeNull();
  });

  it("serves the OpenAPI document without a token", async () => {
    const res = await callApi("GET", "/api/v1/openapi.json");
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe("3.1.0");
  });
});

describe("workspace isolation", () => {
  it("a token of workspace A can never read or change workspace B's request or fields (404)", async () => {
    const a = await apiWorkspace();
    const b = await apiWorkspace();
    const theirs = await b.call("POST", "/api/v1/requests", {
      body: requestBody({ externalId: "B-1", messages: [{ thread: "customer", author: { type: "customer", name: "D" }, text: "hi", externalId: "m1" }] }),
    });
    const id = theirs.body.id;
    const messageId = theirs.body.messages[0].id;

    for (const ref of [id, "1", "ext:B-1"]) {
      expect((await a.call("GET", `/api/v1/requests/${ref}`)).status).toBe(404);
      expect((await a.call("PATCH", `/api/v1/requests/${ref}`, { body: { title: "hijacked" } })).status).toBe(404);
      const add = await a.call("POST", `/api/v1/requests/${ref}/messages`, {
        body: { thread: "internal", author: { type: "team", name: "Eve" }, text: "hijacked" },
      });
      expect(add.status).toBe(404);
      expect((await a.call("PATCH", `/api/v1/requests/${ref}/messages/${messageId}`, { body: { text: "hijacked" } })).status).toBe(404);
      expect((await a.call("DELETE", `/api/v1/requests/${ref}/messages/ext:m1`)).status).toBe(404);
    }
    const list = await a.call("GET", "/api/v1/requests");
    expect(list.body.data).toEqual([]);

    await b.call("PUT", "/api/v1/custom-fields/tier", { body: { name: "Tier", kind: "tag", type: "text" } });
    expect((await a.call("GET", "/api/v1/custom-fields")).body.data).toEqual([]);
    const useTheirs = await a.call("POST", "/api/v1/requests", { body: requestBody({ customFields: { tier: "gold" } }) });
    expect(useTheirs.status).toBe(400);

    const row = await db().request.findUniqueOrThrow({ where: { id }, include: { messages: true } });
    expect(row.title).not.toBe("hijacked");
    expect(row.version).toBe(1);
    expect(row.messages.map((m) => [m.text, m.deletedAt])).toEqual([["hi", null]]);

    // A's own request gets number 1 too: numbering is per workspace.
    const mine = await a.call("POST", "/api/v1/requests", { body: requestBody({ externalId: "B-1" }) });
    expect(mine.status).toBe(201);
    expect(mine.body.number).toBe(1);
  });
});
