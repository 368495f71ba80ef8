import { db as defaultDb, type Db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { requireTokenManager } from "@/lib/api-tokens/require-token-manager";
import type { ApiTokenSummary, TokenActor } from "@/lib/api-tokens/schemas";
import { toTokenSummary, tokenSummarySelect } from "@/lib/api-tokens/serialize";
import { forgetToken } from "@/lib/api-tokens/token-cache";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Revokes a token of the workspace: from now on it answers 401 (at once in this process, within
 * a few seconds in others; see token-cache.ts). Revoking a revoked token changes nothing. A token
 * of another workspace is not found. For owners and admins (403 otherwise).
 */
export async function revokeApiToken(
  input: { workspaceId: string; actor: TokenActor; tokenId: string },
  deps: { db?: Db; now?: () => Date } = {},
): Promise<ApiTokenSummary> {
  requireTokenManager(input.actor);
  if (!UUID.test(input.tokenId)) throw notFound("API token not found.");
  const db = deps.db ?? defaultDb();
  const now = deps.now ?? (() => new Date());
  await db.apiToken.updateMany({
    where: { id: input.tokenId, workspaceId: input.workspaceId, revokedAt: null },
    data: { revokedAt: now() },
  });
  forgetToken(input.tokenId);
  const row = await db.apiToken.findFirst({ where: { id: input.tokenId, workspaceId: input.workspaceId }, select: tokenSummarySelect });
  if (!row) throw notFound("API token not found.");
  return toTokenSummary(row);
}
