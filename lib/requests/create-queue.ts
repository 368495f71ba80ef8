import type { Db } from "@/lib/db";
import { insertRequest, type InsertInput, type InsertOutcome } from "@/lib/requests/insert-request";
import { insertRequestBatch } from "@/lib/requests/insert-request-batch";

/**
 * Group commit for request creates. Every create of a workspace takes the workspace's number
 * counter (a row lock held until commit), so PostgreSQL runs them one after another anyway. Here a
 * process sends one statement per workspace at a time: a create that finds the lane idle goes out
 * at once, alone (no added latency); creates that arrive while a statement is in flight wait and
 * then go out together as ONE statement and ONE commit (insertRequestBatch), in arrival order.
 * Under load, batches grow by themselves, so the cost per create (a round trip, a statement, a WAL
 * flush) falls exactly when the server is busiest, instead of a backlog making every create dearer.
 *
 * A batch that fails as a whole (e.g. one externalId already taken) is re-run one create at a
 * time, so only the create at fault fails, with the same error it would have had alone.
 */

/** Most creates one statement carries. */
const MAX_BATCH = 64;

type Waiter = { input: InsertInput; resolve: (outcome: InsertOutcome) => void; reject: (err: unknown) => void };
type Lane = { busy: boolean; queue: Waiter[] };

const lanesByDb = new WeakMap<Db, Map<string, Lane>>();

export function insertQueued(db: Db, input: InsertInput): Promise<InsertOutcome> {
  let lanes = lanesByDb.get(db);
  if (!lanes) lanesByDb.set(db, (lanes = new Map()));
  let lane = lanes.get(input.workspaceId);
  if (!lane) lanes.set(input.workspaceId, (lane = { busy: false, queue: [] }));
  const promise = new Promise<InsertOutcome>((resolve, reject) => lane.queue.push({ input, resolve, reject }));
  if (!lane.busy) void drain(db, lanes, input.workspaceId, lane);
  return promise;
}

async function drain(db: Db, lanes: Map<string, Lane>, workspaceId: string, lane: Lane) {
  lane.busy = true;
  try {
    while (lane.queue.length > 0) await run(db, workspaceId, takeBatch(lane.queue));
  } finally {
    lane.busy = false;
    lanes.delete(workspaceId);
  }
}

/** Up to MAX_BATCH waiters in arrival order; a second use of one idempotency key waits for the next batch. */
function takeBatch(queue: Waiter[]): Waiter[] {
  const batch: Waiter[] = [];
  const keys = new Set<string>();
  for (let i = 0; i < queue.length && batch.length < MAX_BATCH; ) {
    const claim = queue[i].input.claim;
    const key = claim ? `${claim.scope}\u0000${claim.key}` : null;
    if (key !== null && keys.has(key)) {
      i++;
      continue;
    }
    if (key !== null) keys.add(key);
    batch.push(queue.splice(i, 1)[0]);
  }
  return batch;
}

async function runOne(db: Db, waiter: Waiter) {
  try {
    waiter.resolve(await insertRequest(db, waiter.input));
  } catch (err) {
    waiter.reject(err);
  }
}

async function run(db: Db, workspaceId: string, batch: Waiter[]) {
  if (batch.length === 1) return runOne(db, batch[0]);
  let outcomes: InsertOutcome[];
  try {
    outcomes = await insertRequestBatch(db, workspaceId, batch.map((w) => w.input));
  } catch {
    for (const waiter of batch) await runOne(db, waiter);
    return;
  }
  batch.forEach((waiter, i) => waiter.resolve(outcomes[i]));
}
