import { z } from "zod";
import type { VitallyClient } from "@/lib/vitally/client";

/**
 * Finds the conversation a previous attempt may have created and never heard back about.
 *
 * Vitally documents no lookup of a conversation by externalId (GET /conversations/:id takes the
 * Vitally id, §3.1; whether POST with a used externalId upserts is an open question, §16 q2). What
 * it does document is the list, newest-updated first (§4, §8.5), whose rows carry the externalId.
 * A conversation created by that attempt was updated no earlier than the attempt started, so the
 * walk stops at rows older than that (less a margin for clock skew), and gives up after a bounded
 * number of pages (then `ruledOut` is false and the caller says so in the log).
 */

const ZRow = z.looseObject({ id: z.string(), externalId: z.union([z.string(), z.number().transform(String)]).nullish(), updatedAt: z.string().nullish() });

export const LOOKUP_SKEW_MS = 10 * 60_000;
export const LOOKUP_MAX_PAGES = 10;

export async function findConversationByExternalId(
  client: VitallyClient,
  input: { externalId: string; attemptedSince: Date | null },
): Promise<{ id: string | null; ruledOut: boolean }> {
  const floor = input.attemptedSince ? input.attemptedSince.getTime() - LOOKUP_SKEW_MS : null;
  let from: string | null = null;
  for (let page = 0; page < LOOKUP_MAX_PAGES; page++) {
    const result = await client.listConversations({ limit: 100, sortBy: "updatedAt", from });
    let older = false;
    for (const raw of result.results) {
      const row = ZRow.safeParse(raw);
      if (!row.success) continue;
      if (row.data.externalId === input.externalId) return { id: row.data.id, ruledOut: true };
      const updated = row.data.updatedAt ? Date.parse(row.data.updatedAt) : NaN;
      if (floor !== null && Number.isFinite(updated) && updated < floor) older = true;
    }
    if (older || !result.next || result.atEnd === true) return { id: null, ruledOut: true };
    from = result.next;
  }
  return { id: null, ruledOut: false };
}
