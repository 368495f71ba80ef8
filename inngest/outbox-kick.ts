import { sendOutboxEvents } from "@/inngest/send-outbox";
import { relayPending, type RelayResult, type SendEvents } from "@/lib/outbox/relay";
import { log } from "@/lib/log";

/**
 * The in-process, after-commit relay. `kickOutbox()` is called after every committed change;
 * kicks that arrive while a relay runs are coalesced into one more run. After a failed send it
 * backs off (doubling up to 5 minutes) instead of hammering an unreachable Inngest; the events
 * stay in the outbox and the scheduled relay-outbox function or the next kick delivers them.
 */
type State = { running: boolean; again: boolean; retryAt: number; backoffMs: number; warned: boolean };
const g = globalThis as unknown as { ferryOutboxKick?: State };
const state: State = (g.ferryOutboxKick ??= { running: false, again: false, retryAt: 0, backoffMs: 0, warned: false });

export async function kickOutbox(opts: { send?: SendEvents; force?: boolean } = {}): Promise<RelayResult | null> {
  if (state.running) {
    state.again = true;
    return null;
  }
  if (!opts.force && Date.now() < state.retryAt) return null;
  state.running = true;
  try {
    let result: RelayResult;
    do {
      state.again = false;
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
