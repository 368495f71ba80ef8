import { inngest } from "@/inngest/client";
import { mapped } from "@/inngest/errors";
import { syncPushRequested } from "@/inngest/events";
import { pushConversationToVitally as push } from "@/lib/sync/vitally/conversations/push-conversation-to-vitally";

/**
 * Mirrors one request's customer thread as a Vitally conversation. Fed by the same
 * `ferry/sync.push-requested` events as the request push (a created/updated/message event fans out
 * one per integration), so both see every change:
 * - concurrency 1 per request and integration (the ConversationSync lease guarantees it anyway);
 * - throttle per API key; every Vitally call also takes a slot of the key's shared budget;
 * - 20 retries: 429s, outages and a busy request use attempts too.
 * A run with the switch off, or with nothing new in the thread, makes no Vitally call.
 */
export const pushConversationToVitally = inngest.createFunction(
  {
    id: "push-conversation-to-vitally",
    triggers: [{ event: syncPushRequested, if: "event.data.provider == 'VITALLY'" }],
    concurrency: [{ key: "event.data.requestId + ':' + event.data.integrationId", limit: 1 }],
    throttle: { key: "event.data.budgetKey", limit: 900, period: "1m", burst: 50 },
    retries: 20,
  },
  async ({ event, step }) => {
    return step.run("push-conversation", () =>
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
