import { sendOutboxEvents } from "@/inngest/send-outbox";
import { relayPending, type RelayResult, type SendEvents } from "@/lib/outbox/relay";
import { log } from "@/lib/log";

/**
 * The in-process, after-commit relay. `kickOutbox()` is called after every committed change;
 * kicks that arrive while a relay runs are coalesced into one more run. After a failed send it
 * backs off (doubling up to 5 minutes) instead of hammering an unreachable Inngest; the events
 * stay in the outbox and the scheduled relay-outbox function or the next kick delivers them.
 */
type State = {
  running: boolean;
  again: boolean;
  retryAt: number;
  backoffMs: number;
  warned: boolean;
  lastStartAt: number;
  deferred: Promise<RelayResult | null> | null;
};
const g = globalThis as unknown as { ferryOutboxKick?: State };
const state: State = (g.ferryOutboxKick ??= {
  running: false,
  again: false,
  retryAt: 0,
  backoffMs: 0,
  warned: false,
  lastStartAt: 0,
  deferred: null,
});

/**
 * Relay runs start at most this often. Under a steady ingest every write kicks the relay; without
 * a floor it ran back to back with a few events each, and its transaction and Inngest send cost
 * ~8% of the server's CPU at 350 creates/s. With it, events reach Inngest at most this much later,
 * in batches.
 */
export const RELAY_MIN_INTERVAL_MS = 200;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Called after a committed write, before scheduling a kick: answers whether one is needed. While a
 * relay runs, it marks that another pass is due; while a deferred run is waiting, that run will
 * see the write anyway. Either way no kick of its own is needed.
 */
export function kickNeeded(): boolean {
  if (state.running) {
    state.again = true;
    return false;
  }
  return state.deferred === null;
}

export async function kickOutbox(opts: { send?: SendEvents; force?: boolean } = {}): Promise<RelayResult | null> {
  if (state.running) {
    state.again = true;
    return null;
  }
  if (!opts.force && Date.now() < state.retryAt) return null;
  const wait = state.lastStartAt + RELAY_MIN_INTERVAL_MS - Date.now();
  if (!opts.force && wait > 0) {
    // One deferred run for all kicks until then; callers that wait (tests) wait for that run.
    state.deferred ??= sleep(wait).then(() => {
      state.deferred = null;
      return kickOutbox(opts);
    });
    return state.deferred;
  }
  state.running = true;
  try {
    let result: RelayResult;
    do {
      state.again = false;
      const early = state.lastStartAt + RELAY_MIN_INTERVAL_MS - Date.now();
      if (early > 0) await sleep(early);
      state.lastStartAt = Date.now();
      result = await relayPending({ send: opts.send ?? sendOutboxEvents });
      if (result.error) {
        state.backoffMs = Math.min(Math.max(state.backoffMs * 2, 5_000), 300_000);
        state.retryAt = Date.now() + state.backoffMs;
        if (!state.warned) {
          log.warn("outbox.relay_unreachable", {
            message: "Inngest is not reachable; events wait in the outbox and will be delivered when it is.",
            error: result.error,
          });
          state.warned = true;
        }
        return result;
      }
      if (state.warned && result.delivered > 0) log.info("outbox.relay_recovered", { delivered: result.delivered });
      state.backoffMs = 0;
      state.retryAt = 0;
      state.warned = false;
    } while (state.again);
    return result;
  } catch (err) {
    log.error("outbox.relay_failed", { error: err instanceof Error ? err.message : String(err) });
    return null;
  } finally {
    state.running = false;
  }
}
