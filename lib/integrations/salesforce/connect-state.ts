import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { Db, Tx } from "@/lib/db";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secret-box";
import { encryptionKeys } from "@/lib/integrations/secrets";

/**
 * The server-side half of a Salesforce sign-in: who started it, in which workspace, where, and the
 * PKCE verifier (encrypted, bound to workspace and user). One row in IdempotencyKey (scope
 * `salesforce.connect-state`, key = SHA-256 of the state's secret part), so a state is single use by
 * the table's unique index and a delete, and pruned with the other keys. The `state` Salesforce
 * carries is `<workspaceId>.<secret>`: the workspace says where to look, the secret proves it.
 */
export const CONNECT_STATE_SCOPE = "salesforce.connect-state";
export const CONNECT_STATE_TTL_MS = 10 * 60_000;

const STATE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/;

const ZStoredState = z.object({
  userId: z.string(),
  environment: z.enum(["production", "sandbox"]),
  emulator: z.boolean(),
  loginUrl: z.string(),
  redirectUri: z.string(),
  verifier: z.string(),
  expiresAt: z.string(),
});

export type ConnectState = Omit<z.infer<typeof ZStoredState>, "verifier" | "expiresAt"> & {
  workspaceId: string;
  codeVerifier: string;
  expiresAt: Date;
};

const hash = (value: string) => createHash("sha256").update(value).digest("hex");
const verifierContext = (workspaceId: string, userId: string) => `salesforce-connect:${workspaceId}:${userId}`;

/** Stores a new sign-in attempt and returns the `state` to send to Salesforce. */
export async function saveConnectState(
  db: Db,
  input: Omit<ConnectState, "expiresAt"> & { now: Date },
): Promise<{ state: string; expiresAt: Date }> {
  const secret = randomBytes(32).toString("base64url");
  const expiresAt = new Date(input.now.getTime() + CONNECT_STATE_TTL_MS);
  const stored: z.infer<typeof ZStoredState> = {
    userId: input.userId,
    environment: input.environment,
    emulator: input.emulator,
    loginUrl: input.loginUrl,
    redirectUri: input.redirectUri,
    verifier: encryptSecret(input.codeVerifier, encryptionKeys(), verifierContext(input.workspaceId, input.userId)),
    expiresAt: expiresAt.toISOString(),
  };
  // Attempts abandoned in this workspace go first (the unique index's prefix finds them).
  await db.idempotencyKey.deleteMany({
    where: { workspaceId: input.workspaceId, scope: CONNECT_STATE_SCOPE, createdAt: { lt: new Date(input.now.getTime() - CONNECT_STATE_TTL_MS) } },
  });
  await db.idempotencyKey.create({
    data: { workspaceId: input.workspaceId, scope: CONNECT_STATE_SCOPE, key: hash(secret), bodyHash: hash(input.userId), status: 0, response: stored, createdAt: input.now },
  });
  return { state: `${input.workspaceId}.${secret}`, expiresAt };
}

export type ClaimResult =
  | { ok: true; state: ConnectState }
  | { ok: false; reason: "invalid_state" | "wrong_user" | "expired"; workspaceId: string | null };

/**
 * Takes a sign-in attempt back, once: unknown, malformed or already used → invalid_state; started
 * by someone else → wrong_user (left in place, so a stranger cannot burn it); older than 10 minutes
 * → expired (and gone).
 */
export async function claimConnectState(db: Db, input: { state: string | null; userId: string; now: Date }): Promise<ClaimResult> {
  const match = input.state ? STATE.exec(input.state) : null;
  if (!match) return { ok: false, reason: "invalid_state", workspaceId: null };
  const [, workspaceId, secret] = match;
  return db.$transaction(async (tx: Tx): Promise<ClaimResult> => {
    const where = { workspaceId_scope_key: { workspaceId, scope: CONNECT_STATE_SCOPE, key: hash(secret) } };
    const row = await tx.idempotencyKey.findUnique({ where });
    const stored = row ? ZStoredState.safeParse(row.response) : null;
    if (!row || !stored?.success) return { ok: false, reason: "invalid_state", workspaceId: null };
    if (stored.data.userId !== input.userId) return { ok: false, reason: "wrong_user", workspaceId };
    // The delete is the claim: of two callbacks racing with one state, only one deletes the row.
    const { count } = await tx.idempotencyKey.deleteMany({ where: { id: row.id } });
    if (count !== 1) return { ok: false, reason: "invalid_state", workspaceId: null };
    const expiresAt = new Date(stored.data.expiresAt);
    if (input.now.getTime() >= expiresAt.getTime()) return { ok: false, reason: "expired", workspaceId };
    const { verifier, ...rest } = stored.data;
    return {
      ok: true,
      state: { ...rest, workspaceId, expiresAt, codeVerifier: decryptSecret(verifier, encryptionKeys(), verifierContext(workspaceId, stored.data.userId)) },
    };
  });
}
