import { db as defaultDb, type Db } from "@/lib/db";
import { parseInput } from "@/lib/api/parse-input";
import { requireTokenManager } from "@/lib/api-tokens/require-token-manager";
import { ZCreateApiTokenInput, type ApiTokenSummary, type CreateApiTokenInput, type TokenActor } from "@/lib/api-tokens/schemas";
import { toTokenSummary, tokenSummarySelect } from "@/lib/api-tokens/serialize";
import { displayPrefix, generateTokenSecret, hashToken } from "@/lib/api-tokens/token-secret";

/**
 * Creates an API token for the workspace. The secret is returned here ONCE and never again: only
 * its SHA-256 and a display prefix are stored. For owners and admins (403 otherwise).
 */
export async function createApiToken(
  input: { workspaceId: string; actor: TokenActor; data: CreateApiTokenInput },
  deps: { db?: Db; now?: () => Date } = {},
): Promise<{ token: ApiTokenSummary; secret: string }> {
  requireTokenManager(input.actor);
  const { name } = parseInput(ZCreateApiTokenInput, input.data);
  const db = deps.db ?? defaultDb();
  const secret = generateTokenSecret();
  const row = await db.apiToken.create({
    data: {
      workspaceId: input.workspaceId,
      name,
      prefix: displayPrefix(secret),
      tokenHash: hashToken(secret),
      createdById: input.actor.userId,
      ...(deps.now ? { createdAt: deps.now() } : {}),
    },
    select: tokenSummarySelect,
  });
  return { token: toTokenSummary(row), secret };
}
