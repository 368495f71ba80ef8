/**
 * Next's start-up hook. On every server start (Node.js runtime only) the outbox relay runs once, so
 * events left behind by a killed process or an unreachable Inngest are delivered right away, and
 * then every OUTBOX_RELAY_INTERVAL_MS (0 = off), so they are delivered soon after Inngest comes
 * back. The interval kick honours the relay's back-off; the scheduled relay-outbox Inngest function
 * is the safety net on top.
 *
 * Nothing here blocks start-up: `register` must finish before the server takes requests, and a
 * relay may wait on the network.
 */
export async function register() {
  // NEXT_RUNTIME/NEXT_PHASE are Next's own switches, set before any of Ferry's code runs.
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;

  const g = globalThis as unknown as { ferryRelayTimer?: ReturnType<typeof setInterval> };
  if (g.ferryRelayTimer) return; // registered already (dev server re-evaluating this module)

  const [{ kickOutbox }, { env }, { log }] = await Promise.all([
    import("@/inngest/outbox-kick"),
    import("@/lib/env"),
    import("@/lib/log"),
  ]);

  let intervalMs = 0;
  try {
    intervalMs = env().OUTBOX_RELAY_INTERVAL_MS;
  } catch (err) {
    log.error("outbox.relay_not_started", { error: err instanceof Error ? err.message : String(err) });
    return;
  }

  void kickOutbox({ force: true });
  if (intervalMs > 0) {
    g.ferryRelayTimer = setInterval(() => void kickOutbox(), intervalMs);
    g.ferryRelayTimer.unref?.();
  }
}
