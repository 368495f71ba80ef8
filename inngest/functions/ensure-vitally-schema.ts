import { inngest } from "@/inngest/client";
import { mapped } from "@/inngest/errors";
import { customFieldUpserted, integrationConnected } from "@/inngest/events";
import { liveIntegrations } from "@/lib/sync/plan-request-pushes";
import { ensureVitallySchema as ensure } from "@/lib/sync/vitally/ensure-vitally-schema";

/**
 * Makes sure "Ferry Requests" and its traits exist in Vitally: when an integration is connected
 * (or its credentials change), and whenever a custom tag/category is created or changed, so new
 * custom fields reach Vitally without anyone touching Vitally's settings. Idempotent.
 */
export const ensureVitallySchema = inngest.createFunction(
  {
    id: "ensure-vitally-schema",
    triggers: [{ event: integrationConnected, if: "event.data.provider == 'VITALLY'" }, customFieldUpserted],
    concurrency: [{ key: "event.data.workspaceId", limit: 1 }],
    retries: 10,
  },
  async ({ event, step }) => {
    const integrationIds =
      event.name === "ferry/integration.connected"
        ? [(event.data as { integrationId: string }).integrationId]
        : (await step.run("live-integrations", () => liveIntegrations({ workspaceId: event.data.workspaceId, provider: "VITALLY" }))).map(
            (i) => i.id,
          );
    const results = [];
    for (const integrationId of integrationIds) {
      const state = await step.run(`ensure-${integrationId}`, () =>
        mapped(() => ensure({ workspaceId: event.data.workspaceId, integrationId, trigger: event.name })),
      );
      results.push({ integrationId, created: state.created, added: state.added });
    }
    return results;
  },
);
