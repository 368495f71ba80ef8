import { describe, expect, it } from "vitest";
import { authenticateApiToken, LAST_USED_WRITE_INTERVAL_MS } from "@/lib/api-tokens/authenticate-api-token";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { listApiTokens } from "@/lib/api-tokens/list-api-tokens";
import { revokeApiToken } from "@/lib/api-tokens/revoke-api-token";
import { TOKEN_CACHE_TTL_MS, clearTokenCache } from "@/lib/api-tokens/token-cache";
import { hashToken } from "@/lib/api-tokens/token-secret";
import { db } from "@/lib/db";
import { createMember, createWorkspace } from "@/tests/factories";

async function owner() {
  const ws = await createWorkspace();
  const user = await createMember(ws.id, "OWNER");
  return { ws, user, actor: { userId: user.id, role: "OWNER" as const } };
}

describe("API tokens", () => {
  it("create returns the secret once and stores only its hash and a prefix", async () => {
    const { ws, user, actor } = await owner();
    const { token, secret } = await createApiToken({ workspaceId: ws.id, actor, data: { name: "  Zendesk bridge " } });
    expect(secret).toMatch(/^fry_[0-9A-Za-z]{40}$/);
    expect(token).toMatchObject({ name: "Zendesk bridge", prefix: secret.slice(0, 10), lastUsedAt: null, revokedAt: null });
    expect(token.createdBy).toEqual({ id: user.id, name: user.name, email: user.email });
    expect(JSON.stringify(token)).not.toContain(secret.slice(10));

    const row = await db().apiToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(row.tokenHash).toBe(hashToken(secret));
    expect(Object.values(row).some((v) => typeof v === "string" && v.includes(secret))).toBe(false);

    const listed = await listApiTokens({ workspaceId: ws.id, actor });
    expect(listed).toEqual([token]);
    expect(JSON.stringify(listed)).not.toMatch(/tokenHash|[0-9a-f]{64}/);
  });

  it("only owners and admins manage tokens; others get forbidden", async () => {
    const { ws } = await owner();
    for (const role of ["SUPPORT", "VIEWER"] as const) {
      const member = await createMember(ws.id, role);
      const actor = { userId: member.id, role };
      await expect(createApiToken({ workspaceId: ws.id, actor, data: { name: "x" } })).rejects.toMatchObject({ code: "forbidden" });
      await expect(listApiTokens({ workspaceId: ws.id, actor })).rejects.toMatchObject({ code: "forbidden" });
      await expect(revokeApiToken({ workspaceId: ws.id, actor, tokenId: crypto.randomUUID() })).rejects.toMatchObject({ code: "forbidden" });
    }
    const admin = await createMember(ws.id, "ADMIN");
    const { token } = await createApiToken({ workspaceId: ws.id, actor: { userId: admin.id, role: "ADMIN" }, data: { name: "ok" } });
    expect(token.name).toBe("ok");
    await expect(createApiToken({ workspaceId: ws.id, actor: { userId: admin.id, role: "ADMIN" }, data: { name: " " } })).rejects.toMatchObject({
      code: "invalid_input",
      fields: { name: [expect.any(String)] },
    });
  });

  it("authenticates to its workspace until revoked; revoke is workspace-scoped and repeatable", async () => {
    const { ws, actor } = await owner();
    const other = await owner();
    const { token, secret } = await createApiToken({ workspaceId: ws.id, actor, data: { name: "Platform" } });
    expect(await authenticateApiToken(secret)).toEqual({ tokenId: token.id, workspaceId: ws.id });
    expect(await authenticateApiToken(secret.slice(0, -1) + (secret.endsWith("a") ? "b" : "a"))).toBeNull();

    await expect(revokeApiToken({ workspaceId: other.ws.id, actor: other.actor, tokenId: token.id })).rejects.toMatchObject({ code: "not_found" });
    expect(await authenticateApiToken(secret)).not.toBeNull();

    const revoked = await revokeApiToken({ workspaceId: ws.id, actor, tokenId: token.id });
    expect(revoked.revokedAt).not.toBeNull();
    expect(await authenticateApiToken(secret)).toBeNull();
    const again = await revokeApiToken({ workspaceId: ws.id, actor, tokenId: token.id });
    expect(again.revokedAt).toBe(revoked.revokedAt);
    await expect(revokeApiToken({ workspaceId: ws.id, actor, tokenId: "nope" })).rejects.toMatchObject({ code: "not_found" });
  });

  it("a revocation elsewhere takes effect once the cache entry expires", async () => {
    const { ws, actor } = await owner();
    const { token, secret } = await createApiToken({ workspaceId: ws.id, actor, data: { name: "Platform" } });
    const t0 = Date.now();
    expect(await authenticateApiToken(secret, { now: () => new Date(t0) })).not.toBeNull();
    // Revoked directly in the database, as another process would: this process still has it cached.
    await db().apiToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
    expect(await authenticateApiToken(secret, { now: () => new Date(t0 + 1000) })).not.toBeNull();
    expect(await authenticateApiToken(secret, { now: () => new Date(t0 + TOKEN_CACHE_TTL_MS + 1) })).toBeNull();
  });

  it("writes lastUsedAt at most once a minute", async () => {
    clearTokenCache();
    const { ws, actor } = await owner();
    const { token, secret } = await createApiToken({ workspaceId: ws.id, actor, data: { name: "Platform" } });
    const t0 = new Date("2030-01-01T00:00:00Z").getTime();
    const lastUsed = async () => (await db().apiToken.findUniqueOrThrow({ where: { id: token.id } })).lastUsedAt?.getTime();

    await authenticateApiToken(secret, { now: () => new Date(t0) });
    expect(await lastUsed()).toBe(t0);
    await authenticateApiToken(secret, { now: () => new Date(t0 + 5_000) });
    expect(await lastUsed()).toBe(t0);
    clearTokenCache();
    await authenticateApiToken(secret, { now: () => new Date(t0 + 30_000) });
    expect(await lastUsed()).toBe(t0);
    await authenticateApiToken(secret, { now: () => new Date(t0 + LAST_USED_WRITE_INTERVAL_MS + 1) });
    expect(await lastUsed()).toBe(t0 + LAST_USED_WRITE_INTERVAL_MS + 1);
  });

  it("lists newest first with revoked tokens flagged", async () => {
    const { ws, actor } = await owner();
    const a = await createApiToken({ workspaceId: ws.id, actor, data: { name: "A" } }, { now: () => new Date("2026-01-01T00:00:00Z") });
    const b = await createApiToken({ workspaceId: ws.id, actor, data: { name: "B" } }, { now: () => new Date("2026-02-01T00:00:00Z") });
    await revokeApiToken({ workspaceId: ws.id, actor, tokenId: a.token.id });
    const list = await listApiTokens({ workspaceId: ws.id, actor });
    expect(list.map((t) => [t.name, t.revokedAt !== null])).toEqual([
      ["B", false],
      ["A", true],
    ]);
    expect(list[0].id).toBe(b.token.id);
  });
});
