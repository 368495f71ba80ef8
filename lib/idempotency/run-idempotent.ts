import type { Prisma } from "@/generated/prisma/client";
import type { Db, Tx } from "@/lib/db";
import { AppError, isUniqueViolation } from "@/lib/errors";

/** How long a key is remembered; a key older than this is treated as new (see pruneIdempotencyKeys). */
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

export type IdempotencyClaim = {
  /** The client's Idempotency-Key header. */
  key: string;
  /** The operation, e.g. "POST /api/v1/requests": one key means nothing across operations. */
  scope: string;
  /** hashBody() of the request body: the same key with another body is refused. */
  requestHash: string;
};

export type IdempotentResult<T> = { status: number; body: T; replayed: boolean };

/**
 * What a key row holds between the commit of its change and the storing of the response (only
 * the single-statement create writes it): enough to rebuild the response.
 */
export type PendingResponse = { $pending: { requestId: string } };
const isPending = (value: unknown): value is PendingResponse =>
  !!value && typeof value === "object" && "$pending" in (value as Record<string, unknown>);

export function assertValidClaim(claim: IdempotencyClaim): void {
  if (claim.key.length === 0 || claim.key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new AppError("invalid_input", "The Idempotency-Key header is invalid.", {
      "Idempotency-Key": [`Use 1–${MAX_IDEMPOTENCY_KEY_LENGTH} characters.`],
    });
  }
}

const keyWhere = (workspaceId: string, claim: IdempotencyClaim) => ({
  workspaceId_scope_key: { workspaceId, scope: claim.scope, key: claim.key },
});

/**
 * The stored response for a key: null when there is none (or it expired, and was removed);
 * `idempotency_mismatch` when the key was used with another body. A pending response is rebuilt
 * with `rebuild` and stored.
 */
export async function readStoredResponse<T>(
  db: Db,
  input: { workspaceId: string; claim: IdempotencyClaim; now: () => Date; rebuild?: (pending: PendingResponse["$pending"]) => Promise<T> },
): Promise<IdempotentResult<T> | null> {
  const where = keyWhere(input.workspaceId, input.claim);
  const stored = await db.idempotencyKey.findUnique({ where });
  if (!stored) return null;
  if (input.now().getTime() - stored.createdAt.getTime() > IDEMPOTENCY_RETENTION_MS) {
    await db.idempotencyKey.deleteMany({ where: { id: stored.id, createdAt: stored.createdAt } });
    return null;
  }
  if (stored.bodyHash !== input.claim.requestHash) {
    throw new AppError(
      "idempotency_mismatch",
      "This Idempotency-Key was already used with a different body. Use a new key for a different request.",
    );
  }
  if (isPending(stored.response) && input.rebuild) {
    const body = await input.rebuild(stored.response.$pending);
    await saveStoredResponse(db, input.workspaceId, input.claim, body);
    return { status: stored.status, body, replayed: true };
  }
  return { status: stored.status, body: stored.response as T, replayed: true };
}

export async function saveStoredResponse(db: Db | Tx, workspaceId: string, claim: IdempotencyClaim, body: unknown): Promise<void> {
  await db.idempotencyKey.update({ where: keyWhere(workspaceId, claim), data: { response: body as Prisma.InputJsonValue } });
}

class KeyTaken extends Error {}

/**
 * Runs `work` in one transaction. With a claim, the key row is inserted first in that same
 * transaction and the response stored in it before commit, so a key exists if and only if its
 * change was committed:
 * - a key seen before with the same body answers the stored status and body (nothing written);
 * - a key seen before with another body is `idempotency_mismatch` (422);
 * - concurrent requests with one key: the others block on the key's unique index until the first
 *   commits, then fail to insert and replay its stored response. Exactly one change is made.
 * Only successful results are stored; a failed attempt leaves no key, so the client may retry.
 */
export async function runIdempotent<T>(
  db: Db,
  input: {
    workspaceId: string;
    claim?: IdempotencyClaim | null;
    status: number;
    now: () => Date;
    txOptions?: { maxWait?: number; timeout?: number };
  },
  work: (tx: Tx) => Promise<T>,
): Promise<IdempotentResult<T>> {
  const { claim, workspaceId } = input;
  if (!claim) return { status: input.status, body: await db.$transaction(work, input.txOptions), replayed: false };
  assertValidClaim(claim);

  // The hot path is a new key: claim it straight away. A key seen before fails the claim on the
  // unique index (after the first holder commits, if it is still running) and is replayed.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const body = await db.$transaction(async (tx) => {
        try {
          await tx.idempotencyKey.create({
            data: {
              workspaceId,
              scope: claim.scope,
              key: claim.key,
              bodyHash: claim.requestHash,
              status: input.status,
              response: {},
              createdAt: input.now(),
            },
          });
        } catch (err) {
          if (isUniqueViolation(err)) throw new KeyTaken();
          throw err;
        }
        const result = await work(tx);
        await saveStoredResponse(tx, workspaceId, claim, result);
        return result;
      }, input.txOptions);
      return { status: input.status, body, replayed: false };
    } catch (err) {
      if (!(err instanceof KeyTaken)) throw err;
      const stored = await readStoredResponse<T>(db, { workspaceId, claim, now: input.now });
      if (stored) return stored;
      // The stored key had expired and was removed: claim it afresh.
    }
  }
  throw new AppError("conflict", "Another request with this Idempotency-Key is in progress; retry shortly.");
}
