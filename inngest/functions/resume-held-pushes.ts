import { inngest } from "@/inngest/client";
import { integrationResumed, syncPushRequested } from "@/inngest/events";
import { heldPushes } from "@/lib/sync/plan-request-pushes";
import { releaseEndedPauses } from "@/lib/sync/release-ended-pauses";

/**
 * Held pushes are sent again, none lost: when an integration's credentials are fixed
 * (integration.resumed), and every 5 minutes for integrations whose daily-limit pause has ended
 * (Salesforce). Each push reads the request's latest state when it runs.
 */
export const resumeHeldPushes = inngest.createFunction(
  { id: "resume-held-pushes", triggers: [integrationResumed, { cron: "*/5 * * * *" }], retries: 10 },
  async ({ event, step }) => {
    const pushes = await step.run("held-pushes", () =>
      event.name === integrationResumed.name
        ? heldPushes({ workspaceId: event.data.workspaceId, integrationId: event.data.integrationId, trigger: "integration.resumed" })
        : releaseEndedPauses({ trigger: "pause.ended" }),
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
