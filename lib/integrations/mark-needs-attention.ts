import { db as defaultDb, type Db } from "@/lib/db";

/**
 * The destination rejected the credentials: hold every push back (nothing is retried until the
 * credentials are fixed) and show the reason on the dashboard. Idempotent.
 */
export async function markNeedsAttention(
  input: { integrationId: string; reason: string },
  deps: { db?: Db; now?: () => Date } = {},
) {
  const db = deps.db ?? defaultDb();
  const now = (deps.now ?? (() => new Date()))();
  await db.integration.updateMany({
    where: { id: input.integrationId, status: "CONNECTED" },
    data: { status: "NEEDS_ATTENTION", attentionReason: input.reason.slice(0, 500), attentionSince: now },
  });
}
