import { inngest } from "@/inngest/client";
import { requestCreated, requestMessageAdded, requestMessageDeleted, requestMessageEdited, requestUpdated, syncPushRequested } from "@/inngest/events";
import { planRequestPushes } from "@/lib/sync/plan-request-pushes";

/**
 * Any change to a request (its fields or its threads) becomes one push per live destination.
 * Event ids carry the request version, so a duplicated change event fans out once.
 */
export const fanOutRequestChange = inngest.createFunction(
  {
    id: "fan-out-request-change",
    triggers: [requestCreated, requestUpdated, requestMessageAdded, requestMessageEdited, requestMessageDeleted],
    retries: 10,
  },
  async ({ event, step }) => {
    const pushes = await step.run("plan-pushes", () =>
      planRequestPushes({ workspaceId: event.data.workspaceId, requestId: event.data.requestId, trigger: event.name }),
    );
    if (pushes.length === 0) return { pushes: 0 };
    await step.sendEvent(
      "request-pushes",
      pushes.map((p) => syncPushRequested.create(p, { id: `push-${p.requestId}-${p.integrationId}-v${event.data.version}` })),
    );
    return { pushes: pushes.length };
  },
);
