import { inngest } from "@/inngest/client";
import { pruneIdempotencyKeys as prune } from "@/lib/idempotency/prune-idempotency-keys";

/** Idempotency keys are kept 24 hours; older ones are dropped hourly. */
export const pruneIdempotencyKeys = inngest.createFunction(
  { id: "prune-idempotency-keys", triggers: [{ cron: "17 * * * *" }], concurrency: [{ limit: 1 }], retries: 2 },
  async ({ step }) => step.run("prune", () => prune()),
);
