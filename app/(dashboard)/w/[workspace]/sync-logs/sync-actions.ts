"use server";

import { after } from "next/server";
import { z } from "zod";
import { kickOutbox } from "@/inngest/outbox-kick";
import { defineAction } from "@/app/_lib/action";
import { requestSyncRetry } from "@/lib/sync/request-retry";
import { recheckRequestSync } from "@/lib/sync/recheck-request-sync";

/** The request page's "Sync status" buttons (support leads, admins, owners). */

/**
 * "Re-check now": the gates and the destination's matching rules against the live destination
 * (Vitally or Salesforce), writing nothing. The answer says which destination it is (`provider`).
 */
export const recheckRequestLinkAction = defineAction({
  name: "sync.recheck",
  capability: "sync.retry",
  input: z.object({ requestId: z.uuid("Unknown request."), integrationId: z.uuid("Unknown integration.") }),
  run: (member, input) => recheckRequestSync({ workspaceId: member.workspace.id, ...input }),
});

/** "Retry sync": queued through the outbox like every change, then delivered after the response. */
export const retryRequestSyncAction = defineAction({
  name: "sync.retry",
  capability: "sync.retry",
  input: z.object({ requestId: z.uuid("Unknown request."), integrationId: z.uuid("Unknown integration.").optional() }),
  run: async (member, input) => {
    const result = await requestSyncRetry({ workspaceId: member.workspace.id, ...input });
    try {
      after(() => kickOutbox());
    } catch {
      // Outside a request (scripts, tests): the scheduled relay delivers the event.
    }
    return result;
  },
});
