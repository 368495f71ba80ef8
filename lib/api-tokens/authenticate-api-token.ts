import { db as defaultDb, type Db } from "@/lib/db";
import { log } from "@/lib/log";
import type { AuthenticatedToken } from "@/lib/api-tokens/schemas";
import { TOKEN_CACHE_TTL_MS, cacheToken, getCachedToken } from "@/lib/api-tokens/token-cache";
import { hashToken, looksLikeToken } from "@/lib/api-tokens/token-secret";

/** lastUsedAt is written at most this often per token (it is for people, not for auditing). */
export const LAST_USED_WRITE_INTERVAL_MS = 60_000;

/**
 * The workspace a bearer secret belongs to, or null for an unknown or revoked token. Looks the
 * secret up by its SHA-256 (the secret itself is never stored or logged) and keeps the answer in a
 * short-lived in-process cache.
 */
export async function authenticateApiToken(
  secret: string,
  deps: { db?: Db; now?: () => Date } = {},
): Promise<AuthenticatedToken | null> {
  if (!looksLikeToken(secret)) return null;
  const db = deps.db ?? defaultDb();
  const now = (deps.now ?? (() => new Date()))();
  const nowMs = now.getTime();
  const hash = hashToken(secret);

  let entry = getCachedToken(hash, nowMs);
  if (!entry) {
    const row = await db.apiToken.findUnique({
      where: { tokenHash: hash },
      select: { id: true, workspaceId: true, revokedAt: true, lastUsedAt: true },
    });
    if (!row || row.revokedAt) return null;
    entry = {
      tokenId: row.id,
      workspaceId: row.workspaceId,
      expiresAt: nowMs + TOKEN_CACHE_TTL_MS,
      lastUsedWrittenAt: row.lastUsedAt?.getTime() ?? 0,
    };
    cacheToken(hash, entry);
  }

  if (nowMs - entry.lastUsedWrittenAt >= LAST_USED_WRITE_INTERVAL_MS) {
    entry.lastUsedWrittenAt = nowMs;
    try {
      await db.apiToken.updateMany({
        where: {
          id: entry.tokenId,
          OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(nowMs - LAST_USED_WRITE_INTERVAL_MS) } }],
        },
        data: { lastUsedAt: now },
      });
    } catch (err) {
      log.warn("api_token.last_used_write_failed", { error: err instanceof Error ? err.message : String(err) });
    }
  }
  return { tokenId: entry.tokenId, workspaceId: entry.workspaceId };
}
