import { db as defaultDb, type Db } from "@/lib/db";

export type OutgoingEvent = { id: string; name: string; data: Record<string, unknown>; ts: number };
export type SendEvents = (events: OutgoingEvent[]) => Promise<unknown>;

export type RelayResult = { delivered: number; failed: number; skipped: boolean; error?: string };

/** Advisory-lock id held by the one relay that may run at a time (keeps per-request order). */
const RELAY_LOCK = 7_460_301;

/** The Inngest event id for an outbox row: a re-delivery of the same row is deduplicated by Inngest. */
export const outboxEventId = (id: bigint | string) => `ferry-outbox-${id}`;

/**
 * Delivers undelivered outbox events in id order (so in order per request), in batches, marking
 * each batch delivered only after the send succeeded. Only one relay runs at a time across all
 * processes (a PostgreSQL advisory lock); a concurrent call returns `skipped` at once. A failed
 * send leaves the batch undelivered (attempts and error recorded) and stops, so nothing is lost
 * and nothing jumps ahead of an earlier event.
 */
export async function relayPending(
  deps: { send: SendEvents; db?: Db; batchSize?: number; maxBatches?: number; now?: () => Date },
): Promise<RelayResult> {
  const db = deps.db ?? defaultDb();
  const batchSize = deps.batchSize ?? 200;
  const maxBatches = deps.maxBatches ?? 50;
  const now = deps.now ?? (() => new Date());

  return db.$transaction(
    async (tx) => {
      const [{ locked }] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${RELAY_LOCK}) AS locked`;
      if (!locked) return { delivered: 0, failed: 0, skipped: true };

      let delivered = 0;
      for (let batch = 0; batch < maxBatches; batch++) {
        const rows = await tx.outboxEvent.findMany({
          where: { deliveredAt: null },
          orderBy: { id: "asc" },
          take: batchSize,
          select: { id: true, name: true, payload: true, createdAt: true },
        });
        if (rows.length === 0) break;
        const ids = rows.map((r) => r.id);
        try {
          await deps.send(
            rows.map((r) => ({
              id: outboxEventId(r.id),
              name: r.name,
              data: r.payload as Record<string, unknown>,
              ts: r.createdAt.getTime(),
            })),
          );
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          // Recorded outside the lock's transaction would race; here it is part of the same unit.
          await tx.outboxEvent.updateMany({
            where: { id: { in: ids } },
            data: { attempts: { increment: 1 }, lastError: message.slice(0, 500), lastAttemptAt: now() },
          });
          return { delivered, failed: rows.length, skipped: false, error: message };
        }
        await tx.outboxEvent.updateMany({
          where: { id: { in: ids } },
          data: { deliveredAt: now(), attempts: { increment: 1 }, lastError: null, lastAttemptAt: now() },
        });
        delivered += rows.length;
        if (rows.length < batchSize) break;
      }
      return { delivered, failed: 0, skipped: false };
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}

/** Counts for the dashboard and `npm run dev`'s status line. */
export async function outboxBacklog(deps: { db?: Db } = {}) {
  const db = deps.db ?? defaultDb();
  const [pending, oldest] = await Promise.all([
    db.outboxEvent.count({ where: { deliveredAt: null } }),
    db.outboxEvent.findFirst({ where: { deliveredAt: null }, orderBy: { id: "asc" }, select: { createdAt: true, lastError: true } }),
  ]);
  return { pending, oldestAt: oldest?.createdAt ?? null, lastError: oldest?.lastError ?? null };
}
