import { db as defaultDb, type Db } from "@/lib/db";
import { IDEMPOTENCY_RETENTION_MS } from "@/lib/idempotency/run-idempotent";

/**
 * Deletes idempotency keys older than the 24 h retention. Safe to run at any time (a scheduled
 * job should call it hourly); an expired key that is still stored is ignored anyway.
 */
export async function pruneIdempotencyKeys(deps: { db?: Db; now?: () => Date } = {}): Promise<{ deleted: number }> {
  const db = deps.db ?? defaultDb();
  const now = deps.now ?? (() => new Date());
  const { count } = await db.idempotencyKey.deleteMany({
    where: { createdAt: { lt: new Date(now().getTime() - IDEMPOTENCY_RETENTION_MS) } },
  });
  return { deleted: count };
}
