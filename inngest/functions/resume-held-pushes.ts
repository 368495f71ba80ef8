import { inngest } from "@/inngest/client";
import { integrationResumed, syncPushRequested } from "@/inngest/events";
import { heldPushes } from "@/lib/sync/plan-request-pushes";

/** Credentials fixed: every push the integration held back is sent again, none lost. */
export const resumeHeldPushes = inngest.createFunction(
  { id: "resume-held-pushes", triggers: [integrationResumed], retries: 10 },
  async ({ event, step }) => {
    const pushes = await step.run("held-pushes", () =>
      heldPushes({ workspaceId: event.data.workspaceId, integrationId: event.data.integrationId, trigger: "integration.resumed" }),
    );
    for (let i = 0; i < pushes.length; i += 500) {
      await step.sendEvent(
        `resume-${i / 500}`,
        pushes.slice(i, i + 500).map((p) => syncPushRequested.create(p)),
      );
    }
    return { resumed: pushes.length };
  },
);
