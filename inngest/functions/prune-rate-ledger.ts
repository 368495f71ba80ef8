import { inngest } from "@/inngest/client";
import { pruneRateLedger as prune } from "@/lib/sync/rate-budget";

/** Drops rate-ledger rows older than any window. */
export const pruneRateLedger = inngest.createFunction(
  { id: "prune-rate-ledger", triggers: [{ cron: "*/5 * * * *" }], concurrency: [{ limit: 1 }], retries: 2 },
  async ({ step }) => step.run("prune", () => prune()),
);
