import { inngest } from "@/inngest/client";
import { retryHeldConversations as retry } from "@/lib/sync/vitally/conversations/retry-held-conversations";

/** Every 5 minutes: held conversation messages whose cause was fixed in Vitally are sent, in order (bounded per run). */
export const retryHeldConversations = inngest.createFunction(
  { id: "retry-held-conversations", triggers: [{ cron: "*/5 * * * *" }], concurrency: [{ limit: 1 }], retries: 2 },
  async ({ step }) => step.run("retry-held", () => retry({ trigger: "held.recheck" })),
);
