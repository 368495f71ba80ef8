import { db as defaultDb, type Db } from "@/lib/db";
import { env } from "@/lib/env";

/**
 * A sliding-window call budget per destination API key, shared by every Ferry process and Inngest
 * function through PostgreSQL. Every destination call first takes a slot; when the window is
 * full, the caller gets the time until the oldest call leaves it (and retries durably later).
 *
 * Vitally allows 1000 calls/minute per key (sliding window); Ferry budgets a little below that
 * (VITALLY_CALLS_PER_MINUTE, default 990) for clock skew between Ferry and Vitally; lower it when
 * other tools use the same key.
 */
export type BudgetGrant = { granted: true } | { granted: false; retryAfterMs: number };

export const VITALLY_BUDGET = {
  get limit() {
    return env().VITALLY_CALLS_PER_MINUTE;
  },
  windowMs: 60_000,
} as const;

export async function takeCallSlot(
  input: { budgetKey: string; limit?: number; windowMs?: number },
  deps: { db?: Db; now?: () => Date } = {},
): Promise<BudgetGrant> {
  const db = deps.db ?? defaultDb();
  const now = (deps.now ?? (() => new Date()))();
  const limit = input.limit ?? VITALLY_BUDGET.limit;
  const windowMs = input.windowMs ?? VITALLY_BUDGET.windowMs;
  const windowStart = new Date(now.getTime() - windowMs);

  return db.$transaction(async (tx) => {
    // One budget key at a time: callers of the same key queue on this lock for a few ms.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${"rate:" + input.budgetKey}))`;
    const rows = await tx.$queryRaw<{ n: bigint; oldest: Date | null }[]>`
      SELECT count(*)::bigint AS n, min("at") AS oldest
      FROM "RateLedger" WHERE "budgetKey" = ${input.budgetKey} AND "at" > ${windowStart}`;
    const used = Number(rows[0]?.n ?? 0);
    if (used >= limit) {
      const oldest = rows[0]?.oldest ? new Date(rows[0].oldest).getTime() : now.getTime();
      return { granted: false as const, retryAfterMs: Math.max(50, oldest + windowMs - now.getTime()) };
    }
    await tx.rateLedger.create({ data: { budgetKey: input.budgetKey, at: now } });
    return { granted: true as const };
  });
}

/** Calls made in the current window (for the integration card and benchmarks). */
export async function usedInWindow(
  input: { budgetKey: string; windowMs?: number },
  deps: { db?: Db; now?: () => Date } = {},
): Promise<number> {
  const db = deps.db ?? defaultDb();
  const now = (deps.now ?? (() => new Date()))();
  const since = new Date(now.getTime() - (input.windowMs ?? VITALLY_BUDGET.windowMs));
  return db.rateLedger.count({ where: { budgetKey: input.budgetKey, at: { gt: since } } });
}

/** Drops ledger rows older than any window (run from a scheduled function). */
export async function pruneRateLedger(deps: { db?: Db; now?: () => Date; keepMs?: number } = {}) {
  const db = deps.db ?? defaultDb();
  const now = (deps.now ?? (() => new Date()))();
  const { count } = await db.rateLedger.deleteMany({
    where: { at: { lt: new Date(now.getTime() - (deps.keepMs ?? 5 * 60_000)) } },
  });
  return count;
}
