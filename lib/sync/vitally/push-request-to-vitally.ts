import { db as defaultDb } from "@/lib/db";
import { appUrl as defaultAppUrl } from "@/lib/env";
import { isExternalApiError } from "@/lib/http/external-api-error";
import { readVitallySettings } from "@/lib/integrations/vitally/settings";
import { vitallyClientFor, type VitallyClientDeps } from "@/lib/integrations/vitally/vitally-client-for";
import { describeReason, type ReasonCode } from "@/lib/sync/reason-codes";
import {
  LINK_REUSE_MS,
  payloadHash,
  pushGate,
  recentLinkFor,
  recordPushFailure,
  requestPushRecorder,
  withRequestSyncLease,
  type PushInput,
  type PushOutcome,
} from "@/lib/sync/request-push";
import { ensureVitallySchema } from "@/lib/sync/vitally/ensure-vitally-schema";
import { pathByKey, readSchemaState } from "@/lib/sync/vitally/schema-state";
import { resolveVitallyLink, type LinkEvidence } from "@/lib/sync/vitally/resolve-vitally-link";
import { buildRequestInstance, toVitallyTraits } from "@/lib/vitally/request-traits";
import type { VitallyCall, VitallyClient } from "@/lib/vitally/client";
import type { LinkCandidate } from "@/lib/vitally/linking";
import type { SyncState } from "@/generated/prisma/enums";

/**
 * Pushes the LATEST state of one request to one Vitally integration: the heart of the sync.
 *
 *  gates (lib/sync/request-push.ts: connected, forward-looking, switches) → link (cached unless the requestor's email
 *  changed) → instance traits → create once / update in place → remember what was sent → log.
 *
 * Safe to run any number of times, concurrently with itself only through Inngest's per-request
 * concurrency key: it reads the newest snapshot, skips the call when nothing changed since the
 * last push, never lets an older version overwrite a newer one, and finds an instance a lost
 * response already created (by its externalId) instead of creating a second one.
 *
 * Destination errors are logged and rethrown as ExternalApiError for the Inngest layer to map
 * (rate_limited → retry after; transient → backoff; auth → integration needs attention, held).
 */
export type { PushOutcome };

export type DecisionRecord = {
  linked: boolean;
  reason: ReasonCode | null;
  row: number | null;
  organizationId: string | null;
  accountId: string | null;
  candidates: LinkCandidate[];
  evidence: LinkEvidence | null;
  cached: boolean;
};

type Deps = VitallyClientDeps & { appUrl?: string };

export async function pushRequestToVitally(input: PushInput, deps: Deps = {}): Promise<PushOutcome> {
  return withRequestSyncLease(input, deps, () => pushUnderLease(input, deps));
}

async function pushUnderLease(input: PushInput, deps: Deps): Promise<PushOutcome> {
  const db = deps.db ?? defaultDb();
  const now = deps.now ?? (() => new Date());
  const started = performance.now();
  const calls: VitallyCall[] = [];

  const [integration, request, existing] = await Promise.all([
    db.integration.findFirst({ where: { id: input.integrationId, workspaceId: input.workspaceId, provider: "VITALLY" } }),
    db.request.findFirst({
      where: { id: input.requestId, workspaceId: input.workspaceId },
      include: { messages: { orderBy: [{ sentAt: "asc" }, { id: "asc" }] }, workspace: { select: { slug: true } } },
    }),
    db.requestSync.findUnique({ where: { requestId_integrationId: { requestId: input.requestId, integrationId: input.integrationId } } }),
  ]);
  if (!integration || !request) return { status: "gone" };

  const log = requestPushRecorder({
    db,
    now,
    provider: "VITALLY",
    integrationId: integration.id,
    request,
    trigger: input.trigger,
    knownRemoteId: existing?.remoteId ?? null,
    calls: () => calls.map((c) => ({ method: c.method, path: c.path, status: c.status ?? 0, durationMs: c.durationMs, kind: c.operation })),
    startedAt: started,
  });
  const words = (code: ReasonCode, decision?: DecisionRecord | null) =>
    describeReason(code, {
      destination: "Vitally",
      email: request.requestorEmail,
      domain: decision?.evidence?.fallback?.domain ?? null,
      candidates: decision?.candidates ?? [],
    }).explanation;

  // ── Gates ────────────────────────────────────────────────────────────────────────────────
  const skip = async (reason: ReasonCode, state: SyncState = "SKIPPED"): Promise<PushOutcome> => {
    await log("SKIPPED", state, { reasonCode: reason, message: words(reason) });
    return state === "HELD" ? { status: "held", reason, calls: 0 } : { status: "skipped", reason, calls: 0 };
  };
  const settings = readVitallySettings(integration.settings);
  const stop = pushGate({
    integration,
    request,
    existingRemoteId: existing?.remoteId ?? null,
    switches: { pushNew: settings.pushNewRequests, updateExisting: settings.updateExistingRequests },
    now: now(),
  });
  if (stop) return skip(stop.reason, stop.state);
  if (existing?.lastSentVersion && existing.lastSentVersion > request.version) {
    // Cannot happen while pushes read the latest row; refuse rather than go back in time.
    return { status: "synced", remoteId: existing.remoteId ?? "", calls: 0, changed: false };
  }

  const client = vitallyClientFor(integration, { ...deps, onCall: (c) => calls.push(c) });
  let decision: DecisionRecord | null = null;
  try {
    // ── Schema (normally made at connect; repaired here if a push comes first) ─────────────
    let schema = readSchemaState(integration.schemaState);
    if (!schema.customObjectId) {
      schema = await ensureVitallySchema({ workspaceId: integration.workspaceId, integrationId: integration.id, trigger: "push" }, deps);
    }
    const customObjectId = schema.customObjectId!;

    // ── Link ───────────────────────────────────────────────────────────────────────────────
    const email = request.requestorEmail?.trim().toLowerCase() ?? null;
    const cachedLink = existing?.remoteId && existing.state === "SYNCED" && existing.linkedEmail === email && (existing.remoteAccountId || existing.remoteOrganizationId);
    let link: { userId: string | null; organizationId: string | null; accountId: string | null };
    const recent = cachedLink || !email ? null : await recentLinkFor(db, { integrationId: integration.id, email, requestId: request.id, now: now() });
    if (cachedLink) {
      link = { userId: existing!.remoteUserId, organizationId: existing!.remoteOrganizationId, accountId: existing!.remoteAccountId };
      decision = { ...(existing!.decision as unknown as DecisionRecord), cached: true };
    } else if (recent) {
      link = { userId: recent.remoteUserId, organizationId: recent.remoteOrganizationId, accountId: recent.remoteAccountId };
      decision = { ...(recent.decision as unknown as DecisionRecord), cached: true };
    } else {
      const resolution = await resolveVitallyLink({ name: request.requestorName, email }, client, { write: true });
      decision = {
        linked: resolution.linked,
        reason: resolution.linked ? null : resolution.reason,
        row: resolution.evidence.row,
        organizationId: resolution.linked ? resolution.organizationId : null,
        accountId: resolution.linked ? resolution.accountId : null,
        candidates: resolution.linked ? [] : resolution.candidates,
        evidence: resolution.evidence,
        cached: false,
      };
      if (!resolution.linked) {
        await log("SKIPPED", "SKIPPED", { reasonCode: resolution.reason, message: words(resolution.reason, decision), decision });
        return { status: "skipped", reason: resolution.reason, calls: calls.length };
      }
      link = resolution;
    }

    // ── Instance ───────────────────────────────────────────────────────────────────────────
    const customFields = await db.customField.findMany({
      where: { workspaceId: request.workspaceId },
      select: { key: true, name: true, archivedAt: true },
    });
    const instance = buildRequestInstance(request, {
      appUrl: deps.appUrl ?? defaultAppUrl(),
      workspaceSlug: request.workspace.slug,
      customFields,
    });
    const paths = pathByKey(schema);
    const linkFields = { customerId: link.accountId, organizationId: link.organizationId };
    const full = toVitallyTraits(instance.values, paths);
    const hash = payloadHash({ name: instance.name, ...linkFields, traits: full.traits });
    const missingNote = full.missingKeys.length
      ? ` ${full.missingKeys.length} trait(s) are missing in Vitally and were not sent (${full.missingKeys.join(", ")}).`
      : "";

    let remoteId = existing?.remoteId ?? null;
    let changed = true;
    if (remoteId && existing?.lastSentHash === hash) {
      changed = false;
    } else if (remoteId) {
      try {
        await client.updateInstance(customObjectId, remoteId, { name: instance.name, ...linkFields, traits: full.traits });
      } catch (err) {
        if (!isExternalApiError(err) || err.kind !== "not_found") throw err;
        remoteId = null; // deleted in Vitally: create it again below
      }
    }
    if (!remoteId) {
      // A previous attempt may have created it and lost the answer: look before creating.
      const found = existing?.createSentAt ? await client.searchInstances(customObjectId, { externalId: instance.externalId }) : [];
      const match = found.find((i) => i.externalId === instance.externalId && !i.archivedAt);
      if (match) {
        remoteId = match.id;
        await client.updateInstance(customObjectId, remoteId, { name: instance.name, ...linkFields, traits: full.traits });
      } else {
        // Marked only once the create has its budget slot: a create the budget refused was never
        // sent, so the retry need not look for it (looking costs a call of the same budget).
        const created = await client.createInstance(
          customObjectId,
          { name: instance.name, externalId: instance.externalId, ...linkFields, traits: toVitallyTraits(instance.values, paths, { dropNulls: true }).traits },
          {
            beforeSend: async () => {
              await db.requestSync.update({
                where: { requestId_integrationId: { requestId: request.id, integrationId: integration.id } },
                data: { createSentAt: now() },
              });
            },
          },
        );
        remoteId = created.id;
      }
    }

    await log("SYNCED", "SYNCED", {
      reasonCode: full.missingKeys.length ? "schema_incomplete" : null,
      message: (changed ? (existing?.remoteId ? "Updated the Vitally instance." : "Created the Vitally instance.") : "No changes since the last push; nothing sent.") + missingNote,
      decision,
      remoteId,
      sync: {
        remoteId,
        remoteUserId: link.userId,
        remoteAccountId: link.accountId,
        remoteOrganizationId: link.organizationId,
        linkedEmail: email,
        lastSentHash: hash,
        lastSentVersion: request.version,
        lastSyncedAt: now(),
      },
    });
    return { status: "synced", remoteId, calls: calls.length, changed };
  } catch (err) {
    if (!isExternalApiError(err)) throw err;
    await recordPushFailure(err, {
      integrationId: integration.id,
      attentionReason: `Vitally rejected the API key (${err.status ?? err.kind}). Update the credentials.`,
      record: log,
      decision,
      db,
    });
    throw err;
  }
}

export { LINK_REUSE_MS };
export type { VitallyClient };
