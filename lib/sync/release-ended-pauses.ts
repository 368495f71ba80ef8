import { db as defaultDb, type Db } from "@/lib/db";
import { heldPushes, type PushRequest } from "@/lib/sync/plan-request-pushes";

/**
 * The pauses that have ended (Integration.pausedUntil passed): each is cleared, once — a pause
 * cleared by another run is not released twice — and every push its integration held back is
 * asked for again. Each push then reads the request's state at that moment, so the latest update
 * wins and none is lost. If the org is still over its allowance, the first push pauses it again.
 */
export async function releaseEndedPauses(input: { trigger: string }, deps: { db?: Db; now?: () => Date } = {}): Promise<PushRequest[]> {
  const db = deps.db ?? defaultDb();
  const now = (deps.now ?? (() => new Date()))();
  const ended = await db.integration.findMany({
    where: { pausedUntil: { lte: now }, status: { not: "DISCONNECTED" } },
    select: { id: true, workspaceId: true, pausedUntil: true },
    orderBy: { pausedUntil: "asc" },
    take: 500,
  });
  const pushes: PushRequest[] = [];
  for (const integration of ended) {
    const cleared = await db.integration.updateMany({
      where: { id: integration.id, pausedUntil: integration.pausedUntil },
      data: { pausedUntil: null, pauseReason: null },
    });
    if (cleared.count === 0) continue;
    pushes.push(...(await heldPushes({ workspaceId: integration.workspaceId, integrationId: integration.id, trigger: input.trigger }, { db })));
  }
  return pushes;
}
