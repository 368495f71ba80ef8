import { inngest } from "@/inngest/client";
import { sendOutboxEvents } from "@/inngest/send-outbox";
import { relayPending } from "@/lib/outbox/relay";

/**
 * Safety net for the outbox: every minute, deliver whatever the after-commit relay left behind
 * (Inngest was down, the process was killed). Re-sends are harmless: event ids are the row ids.
 */
export const relayOutbox = inngest.createFunction(
  {
    id: "relay-outbox",
    triggers: [{ cron: "* * * * *" }],
    concurrency: [{ limit: 1 }],
    retries: 3,
  },
  async ({ step }) => {
    return step.run("relay-pending", () => relayPending({ send: sendOutboxEvents }));
  },
);
