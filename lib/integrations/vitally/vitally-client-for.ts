import type { Integration } from "@/generated/prisma/client";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ExternalApiError } from "@/lib/http/external-api-error";
import type { FetchFn } from "@/lib/http/outbound-fetch";
import { openCredentials } from "@/lib/integrations/secrets";
import { vitallyUrlPolicy } from "@/lib/integrations/vitally/url-policy";
import { takeCallSlot, VITALLY_BUDGET } from "@/lib/sync/rate-budget";
import { checkVitallyBaseUrl, type VitallyUrlPolicy } from "@/lib/vitally/connection";
import { VitallyClient, VITALLY_VENDOR, type VitallyCall } from "@/lib/vitally/client";

export type VitallyClientDeps = {
  db?: Db;
  fetch?: FetchFn;
  policy?: VitallyUrlPolicy;
  timeoutMs?: number;
  now?: () => Date;
  /** Calls per minute Ferry allows itself with one key (default 950 of Vitally's 1000). */
  budgetLimit?: number;
};

/**
 * A Vitally client for an integration: decrypted key, base URL re-checked against the outbound
 * policy, and every call first takes a slot of the key's shared rate budget, so no mix of Ferry
 * functions and processes exceeds Vitally's 1000 calls per minute per key.
 */
export function vitallyClientFor(
  integration: Pick<Integration, "workspaceId" | "provider" | "baseUrl" | "credentials" | "budgetKey">,
  options: { onCall?: (call: VitallyCall) => void } & VitallyClientDeps = {},
): VitallyClient {
  if (integration.provider !== "VITALLY") throw new Error("vitallyClientFor needs a Vitally integration");
  const check = checkVitallyBaseUrl(integration.baseUrl, options.policy ?? vitallyUrlPolicy());
  if (!check.allowed) throw new AppError("forbidden", `Ferry may not call ${integration.baseUrl}: ${check.reason}`);
  const apiKey = openCredentials(integration.credentials, integration.workspaceId, "VITALLY");
  return new VitallyClient({
    baseUrl: integration.baseUrl,
    apiKey,
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
    onCall: options.onCall,
    beforeCall: async ({ operation }) => {
      const grant = await takeCallSlot(
        { budgetKey: integration.budgetKey, limit: options.budgetLimit ?? VITALLY_BUDGET.limit },
        { db: options.db, now: options.now },
      );
      if (!grant.granted) {
        throw new ExternalApiError({
          vendor: VITALLY_VENDOR,
          operation,
          kind: "rate_limited",
          retryAfterMs: grant.retryAfterMs,
          message: `Ferry's call budget for this Vitally key is used up for the moment; next slot in ${Math.ceil(grant.retryAfterMs / 1000)} s.`,
        });
      }
    },
  });
}
