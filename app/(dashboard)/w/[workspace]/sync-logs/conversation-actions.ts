"use server";

import { after } from "next/server";
import { z } from "zod";
import { kickOutbox } from "@/inngest/outbox-kick";
import { defineAction } from "@/app/_lib/action";
import { skipHeldConversationMessage } from "@/lib/sync/vitally/conversations/skip-held-conversation-message";

/** The request page's "Vitally conversation" buttons (support leads, admins, owners). */

/** "Skip": a held message that cannot be fixed stops holding back the later ones; the push is queued through the outbox. */
export const skipHeldConversationMessageAction = defineAction({
  name: "sync.skip-message",
  capability: "sync.retry",
  input: z.object({
    requestId: z.uuid("Unknown request."),
    messageId: z.uuid("Unknown message."),
    integrationId: z.uuid("Unknown integration."),
  }),
  run: async (member, input) => {
    const result = await skipHeldConversationMessage({ workspaceId: member.workspace.id, actorUserId: member.userId, ...input });
    try {
      after(() => kickOutbox());
    } catch {
      // Outside a request (scripts, tests): the scheduled relay delivers the event.
    }
    return result;
  },
});
