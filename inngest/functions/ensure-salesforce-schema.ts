import { inngest } from "@/inngest/client";
import { mapped } from "@/inngest/errors";
import { customFieldUpserted, integrationConnected, integrationResumed } from "@/inngest/events";
import { liveIntegrations } from "@/lib/sync/plan-request-pushes";
import { ensureSalesforceSchema as ensure } from "@/lib/sync/salesforce/ensure-salesforce-schema";

/**
 * Ferry's set-up in Salesforce (Request__c, its fields, field access, layouts): when an org is
 * connected or reconnected, and whenever a custom tag/category is created or changed, so new custom
 * fields reach Salesforce without an admin. Idempotent; one run at a time per workspace (one
 * Salesforce org per workspace). "Repair set-up" on the card calls the same use case directly.
 */
export const ensureSalesforceSchema = inngest.createFunction(
  {
    id: "ensure-salesforce-schema",
    triggers: [
      { event: integrationConnected, if: "event.data.provider == 'SALESFORCE'" },
      { event: integrationResumed, if: "event.data.provider == 'SALESFORCE'" },
      customFieldUpserted,
    ],
    concurrency: [{ key: "event.data.workspaceId", limit: 1 }],
    retries: 10,
  },
  async ({ event, step }) => {
    const integrationIds =
      "integrationId" in event.data
        ? [event.data.integrationId]
        : (await step.run("live-integrations", () => liveIntegrations({ workspaceId: event.data.workspaceId, provider: "SALESFORCE" }))).map((i) => i.id);
    const results = [];
    for (const integrationId of integrationIds) {
      const state = await step.run(`ensure-${integrationId}`, () =>
        mapped(() => ensure({ workspaceId: event.data.workspaceId, integrationId, trigger: event.name })),
      );
      results.push({ integrationId, objectCreated: state.objectCreated, created: state.created, granted: state.granted });
    }
    return results;
  },
);
