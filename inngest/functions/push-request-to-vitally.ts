import { inngest } from "@/inngest/client";
import { mapped } from "@/inngest/errors";
import { syncPushRequested } from "@/inngest/events";
import { pushRequestToVitally as push } from "@/lib/sync/vitally/push-request-to-vitally";

/**
 * Pushes one request to one Vitally integration.
 * - concurrency 1 per request and integration: pushes of one request never overlap (the lease in
 *   the database guarantees it even if they did);
 * - throttle per API key: run starts stay just under Vitally's 1000 calls/minute; every call also takes
 *   a slot of the key's shared budget (lib/sync/rate-budget.ts), which covers multi-call runs,
 *   retries and other functions using the same key;
 * - 20 retries: 429s use attempts too.
 * Each run reads the request's newest state, so a burst of changes coalesces: later runs find
 * nothing new to send and make no call.
 */
export const pushRequestToVitally = inngest.createFunction(
  {
    id: "push-request-to-vitally",
    triggers: [{ event: syncPushRequested, if: "event.data.provider == 'VITALLY'" }],
    concurrency: [{ key: "event.data.requestId + ':' + event.data.integrationId", limit: 1 }],
    throttle: { key: "event.data.budgetKey", limit: 980, period: "1m", burst: 20 },
    retries: 20,
  },
  async ({ event, step }) => {
    return step.run("push-latest-state", () =>
      mapped(() =>
        push({
          workspaceId: event.data.workspaceId,
          requestId: event.data.requestId,
          integrationId: event.data.integrationId,
          trigger: event.data.trigger,
        }),
      ),
    );
  },
);
