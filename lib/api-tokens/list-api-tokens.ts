import { db as defaultDb, type Db } from "@/lib/db";
import { requireTokenManager } from "@/lib/api-tokens/require-token-manager";
import type { ApiTokenSummary, TokenActor } from "@/lib/api-tokens/schemas";
import { toTokenSummary, tokenSummarySelect } from "@/lib/api-tokens/serialize";

/** The workspace's tokens, newest first, revoked ones included (flagged). Never secrets or hashes. */
export async function listApiTokens(
  input: { workspaceId: string; actor: TokenActor },
  deps: { db?: Db } = {},
): Promise<ApiTokenSummary[]> {
  requireTokenManager(input.actor);
  const db = deps.db ?? defaultDb();
  const rows = await db.apiToken.findMany({
    where: { workspaceId: input.workspaceId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: tokenSummarySelect,
  });
  return rows.map(toTokenSummary);
}
