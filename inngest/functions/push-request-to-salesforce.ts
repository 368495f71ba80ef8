import { inngest } from "@/inngest/client";
import { mapped } from "@/inngest/errors";
import { syncPushRequested } from "@/inngest/events";
import { pushRequestToSalesforce as push } from "@/lib/sync/salesforce/push-request-to-salesforce";

/**
 * Pushes one request to one Salesforce org (its Request__c record).
 * - concurrency 1 per request and integration: pushes of one request never overlap (the lease in
 *   the database guarantees it even if they did; the upsert by RequestId__c keeps one record anyway);
 * - throttle per org: Salesforce counts calls per 24 h, not per minute, so this only smooths bursts
 *   (an import of thousands of requests) to leave room for the org's other tools; the daily
 *   allocation itself is watched by the push (it pauses the integration and holds pushes);
 * - 20 retries for transient failures; a paused or revoked integration holds the push instead of
 *   failing it (resume-held-pushes sends it again).
 * Each run reads the request's newest state, so a burst of changes coalesces.
 */
export const pushRequestToSalesforce = inngest.createFunction(
  {
    id: "push-request-to-salesforce",
    triggers: [{ event: syncPushRequested, if: "event.data.provider == 'SALESFORCE'" }],
    concurrency: [{ key: "event.data.requestId + ':' + event.data.integrationId", limit: 1 }],
    throttle: { key: "event.data.budgetKey", limit: 600, period: "1m", burst: 20 },
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
