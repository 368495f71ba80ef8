import { ensureSalesforceSchema } from "@/inngest/functions/ensure-salesforce-schema";
import { ensureVitallySchema } from "@/inngest/functions/ensure-vitally-schema";
import { fanOutRequestChange } from "@/inngest/functions/fan-out-request-change";
import { pruneIdempotencyKeys } from "@/inngest/functions/prune-idempotency-keys";
import { pruneRateLedger } from "@/inngest/functions/prune-rate-ledger";
import { pushConversationToVitally } from "@/inngest/functions/push-conversation-to-vitally";
import { pushRequestToSalesforce } from "@/inngest/functions/push-request-to-salesforce";
import { pushRequestToVitally } from "@/inngest/functions/push-request-to-vitally";
import { relayOutbox } from "@/inngest/functions/relay-outbox";
import { resumeHeldPushes } from "@/inngest/functions/resume-held-pushes";
import { retryHeldConversations } from "@/inngest/functions/retry-held-conversations";

/** Every Inngest function Ferry serves (the one registry). */
export const functions = [relayOutbox, fanOutRequestChange, pushRequestToVitally, ensureVitallySchema, resumeHeldPushes, pruneRateLedger, pruneIdempotencyKeys, pushConversationToVitally, retryHeldConversations, ensureSalesforceSchema, pushRequestToSalesforce];
