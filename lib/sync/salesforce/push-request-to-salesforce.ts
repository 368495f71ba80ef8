import type { Integration } from "@/generated/prisma/client";
import type { SyncState } from "@/generated/prisma/enums";
import { db as defaultDb, type Db } from "@/lib/db";
import { appUrl as defaultAppUrl, env } from "@/lib/env";
import { isExternalApiError } from "@/lib/http/external-api-error";
import { salesforceClientFor, type SalesforceClientForOptions } from "@/lib/integrations/salesforce/salesforce-client-for";
import { readSalesforceSettings } from "@/lib/integrations/salesforce/settings";
import type { SalesforceClient, SalesforceLimitInfo } from "@/lib/salesforce/client";
import { isSalesforceApiError, REQUEST_LIMIT_RETRY_MS } from "@/lib/salesforce/errors";
import { REQUEST_ID_FIELD, REQUEST_OBJECT } from "@/lib/salesforce/request-fields";
import { buildRequestRecord } from "@/lib/salesforce/request-record";
import { describeReason, type ReasonCode } from "@/lib/sync/reason-codes";
import {
  payloadHash,
  pushGate,
  recentLinkFor,
  recordPushFailure,
  requestPushRecorder,
  withRequestSyncLease,
  type PushInput,
  type PushOutcome,
} from "@/lib/sync/request-push";
import { ensureSalesforceSchema } from "@/lib/sync/salesforce/ensure-salesforce-schema";
import { resolveSalesforceLink, type SalesforceCandidate, type SalesforceLinkEvidence } from "@/lib/sync/salesforce/resolve-salesforce-link";
import { readSalesforceSchemaState, writableFields } from "@/lib/sync/salesforce/schema-state";

/**
 * Pushes the LATEST state of one request to one Salesforce org as its Request__c record:
 *
 *  gates (lib/sync/request-push.ts: connected, not paused, forward-looking, switches) → link
 *  (the seed's matching rules; cached while the requestor's email is unchanged) → field values
 *  → one upsert by RequestId__c (Ferry's external id) → remember what was sent → log.
 *
 * One record per request forever: the upsert matches on RequestId__c, so a repeated event, a
 * concurrent push or a create whose answer was lost updates the same record instead of making a
 * second one. A push whose values did not change since the last one makes no call.
 *
 * Salesforce's daily API allocation (a rolling 24 h window per org) is watched on every answer's
 * Sforce-Limit-Info: once the org has used all but SALESFORCE_API_RESERVE of it (default: 90 %
 * used), or Salesforce answers REQUEST_LIMIT_EXCEEDED, the integration is paused (pausedUntil,
 * pauseReason) and pushes are HELD, never dropped; resume-held-pushes releases them when the
 * pause ends, and each then sends the request's state at that moment.
 *
 * Other destination errors are logged and rethrown for the Inngest layer (transient → backoff;
 * rejected session → the integration needs attention and the push is held until reconnect).
 */

export type SalesforceDecisionRecord = {
  destination: "SALESFORCE";
  linked: boolean;
  reason: ReasonCode | null;
  accountId: string | null;
  contactId: string | null;
  candidates: SalesforceCandidate[];
  evidence: SalesforceLinkEvidence | null;
  /** The link came from this request's last push or a recent push of the same requestor. */
  cached: boolean;
};

export type SalesforcePushDeps = SalesforceClientForOptions & {
  db?: Db;
  now?: () => Date;
  appUrl?: string;
  /** A ready client (tests, benchmarks); otherwise one is made from the integration's credentials. */
  client?: SalesforceClient;
  /** Share of the daily allocation left to the org's other tools (default SALESFORCE_API_RESERVE). */
  apiReserve?: number;
  /** How long a pause lasts before pushes are tried again (default 15 min). */
  pauseMs?: number;
};

/** Codes Salesforce gives a lookup to a record that is gone (the cached Contact or Account was deleted). */
const STALE_LINK_CODES = new Set(["INVALID_CROSS_REFERENCE_KEY", "ENTITY_IS_DELETED", "FIELD_INTEGRITY_EXCEPTION"]);
/** Codes that mean the object or a field is missing or not visible to Ferry's user (set-up). */
const SETUP_CODES = new Set(["INVALID_FIELD", "INVALID_TYPE", "NOT_FOUND", "INVALID_FIELD_FOR_INSERT_UPDATE"]);

class DailyLimitReached extends Error {
  constructor(readonly why: string) {
    super(why);
  }
}

/** Pure: whether the org's usage has reached the share Ferry may use. */
export function overDailyBudget(info: SalesforceLimitInfo | null, reserve: number): boolean {
  return info !== null && info.max > 0 && info.used >= info.max * (1 - reserve);
}

/** Pauses an integration's pushes until `until` (never shortens a longer pause). */
export async function pauseIntegration(input: { integrationId: string; until: Date; reason: string }, deps: { db?: Db } = {}) {
  const db = deps.db ?? defaultDb();
  await db.integration.updateMany({
    where: { id: input.integrationId, OR: [{ pausedUntil: null }, { pausedUntil: { lt: input.until } }] },
    data: { pausedUntil: input.until, pauseReason: input.reason.slice(0, 500) },
  });
}

export async function pushRequestToSalesforce(input: PushInput, deps: SalesforcePushDeps = {}): Promise<PushOutcome> {
  return withRequestSyncLease(input, deps, () => pushUnderLease(input, deps));
}

async function pushUnderLease(input: PushInput, deps: SalesforcePushDeps): Promise<PushOutcome> {
  const db = deps.db ?? defaultDb();
  const now = deps.now ?? (() => new Date());
  const started = performance.now();
  const reserve = deps.apiReserve ?? env().SALESFORCE_API_RESERVE;

  const [integration, request, existing] = await Promise.all([
    db.integration.findFirst({ where: { id: input.integrationId, workspaceId: input.workspaceId, provider: "SALESFORCE" } }),
    db.request.findFirst({
      where: { id: input.requestId, workspaceId: input.workspaceId },
      include: { messages: { orderBy: [{ sentAt: "asc" }, { id: "asc" }] }, workspace: { select: { slug: true } } },
    }),
    db.requestSync.findUnique({ where: { requestId_integrationId: { requestId: input.requestId, integrationId: input.integrationId } } }),
  ]);
  if (!integration || !request) return { status: "gone" };

  let client: SalesforceClient | null = null;
  let firstCall = 0;
  const calls = () =>
    client ? client.calls.slice(firstCall).map((c) => ({ method: c.method, path: c.path, status: c.status ?? 0, durationMs: c.durationMs, kind: c.operation })) : [];
  const log = requestPushRecorder({
    db,
    now,
    provider: "SALESFORCE",
    integrationId: integration.id,
    request,
    trigger: input.trigger,
    knownRemoteId: existing?.remoteId ?? null,
    calls,
    startedAt: started,
  });
  const words = (code: ReasonCode, decision?: SalesforceDecisionRecord | null) =>
    describeReason(code, {
      destination: "Salesforce",
      email: request.requestorEmail,
      domain: decision?.evidence?.domain ?? null,
      company: request.requestorCompany,
      candidates: decision?.candidates ?? [],
    }).explanation;
  const stop = async (reason: ReasonCode, state: SyncState, decision: SalesforceDecisionRecord | null = null, message?: string): Promise<PushOutcome> => {
    await log("SKIPPED", state, { reasonCode: reason, message: message ?? words(reason, decision), decision });
    const n = calls().length;
    return state === "HELD" ? { status: "held", reason, calls: n } : { status: "skipped", reason, calls: n };
  };

  // ── Gates ──────────────────────────────────────────────────────────────────────────────────
  const settings = readSalesforceSettings(integration.settings);
  const gate = pushGate({
    integration,
    request,
    existingRemoteId: existing?.remoteId ?? null,
    switches: { pushNew: settings.pushNew, updateExisting: settings.updateExisting },
    now: now(),
  });
  if (gate) return stop(gate.reason, gate.state, null, gate.reason === "daily_limit_paused" && integration.pauseReason ? integration.pauseReason : undefined);
  if (existing?.lastSentVersion && existing.lastSentVersion > request.version) {
    // Cannot happen while pushes read the latest row; refuse rather than go back in time.
    return { status: "synced", remoteId: existing.remoteId ?? "", calls: 0, changed: false };
  }

  // Before every call: stop once the org's usage (from the last answer) reached Ferry's share.
  // A client passed in deps is checked between the push's steps instead.
  const guard = () => {
    if (client && overDailyBudget(client.limitInfo, reserve)) throw new DailyLimitReached(usageWords(client.limitInfo!, reserve));
  };
  const sf = deps.client ?? salesforceClientFor(integration, { ...deps, db, beforeCall: async () => guard() });
  client = sf;
  firstCall = sf.calls.length;
  let decision: SalesforceDecisionRecord | null = null;
  try {
    // ── Set-up (normally done at connect; done here if a push comes first) ─────────────────
    let schema = readSalesforceSchemaState(integration.schemaState);
    if (!schema.object.exists) {
      schema = await ensureSalesforceSchema({ workspaceId: integration.workspaceId, integrationId: integration.id, trigger: "push" }, { ...deps, db, client: sf });
    }
    const writable = writableFields(schema);
    if (!schema.object.exists || !writable.has(REQUEST_ID_FIELD)) {
      await log("FAILED", "FAILED", { reasonCode: "salesforce_setup_incomplete", message: words("salesforce_setup_incomplete") + (schema.error ? ` ${schema.error}` : "") });
      return { status: "skipped", reason: "salesforce_setup_incomplete", calls: calls().length };
    }

    // ── Link ─────────────────────────────────────────────────────────────────────────────────
    const email = request.requestorEmail?.trim().toLowerCase() || null;
    const resolveFresh = async (): Promise<SalesforceDecisionRecord> => {
      guard();
      const r = await resolveSalesforceLink({ name: request.requestorName, email, company: request.requestorCompany }, sf, { write: true });
      return {
        destination: "SALESFORCE",
        linked: r.linked,
        reason: r.linked ? null : r.reason,
        accountId: r.linked ? r.accountId : null,
        contactId: r.linked ? r.contactId : null,
        candidates: r.linked ? [] : r.candidates,
        evidence: r.evidence,
        cached: false,
      };
    };
    // Without an email the link came from the workspace name: a new name means matching again.
    const company = request.requestorCompany?.trim() || null;
    const sameRequestor = email !== null || ((existing?.decision as SalesforceDecisionRecord | null)?.evidence?.company ?? null) === company;
    const cached = existing?.remoteId && existing.state === "SYNCED" && existing.linkedEmail === email && existing.remoteAccountId && sameRequestor;
    const recent = cached || !email ? null : await recentLinkFor(db, { integrationId: integration.id, email, requestId: request.id, now: now() });
    if (cached) {
      decision = { ...(existing!.decision as SalesforceDecisionRecord), accountId: existing!.remoteAccountId, contactId: existing!.remoteUserId, cached: true };
    } else if (recent) {
      decision = { ...(recent.decision as SalesforceDecisionRecord), accountId: recent.remoteAccountId, contactId: recent.remoteUserId, cached: true };
    } else {
      decision = await resolveFresh();
    }
    if (!decision.linked || !decision.accountId) return stop(decision.reason ?? "no_account_for_domain", "SKIPPED", decision, decision.evidence?.error ?? undefined);

    // ── Record ───────────────────────────────────────────────────────────────────────────────
    const customFields = await db.customField.findMany({ where: { workspaceId: request.workspaceId }, select: { key: true, name: true, archivedAt: true } });
    const recordFor = (d: SalesforceDecisionRecord) => {
      const all = buildRequestRecord(request, { accountId: d.accountId!, contactId: d.contactId }, { appUrl: deps.appUrl ?? defaultAppUrl(), workspaceSlug: request.workspace.slug, customFields });
      const missing = Object.keys(all).filter((k) => k !== "Name" && !writable.has(k));
      const fields = Object.fromEntries(Object.entries(all).filter(([k]) => k === "Name" || writable.has(k)));
      return { fields, missing, hash: payloadHash(fields) };
    };
    let record = recordFor(decision);

    let remoteId = existing?.remoteId ?? null;
    const changed = !(remoteId && existing?.lastSentHash === record.hash);
    if (changed) {
      guard();
      try {
        remoteId = (await sf.upsert(REQUEST_OBJECT.apiName, REQUEST_ID_FIELD, request.id, record.fields)).id;
      } catch (err) {
        // The cached Contact or Account was deleted in Salesforce: match again, once.
        if (!decision.cached || !isSalesforceApiError(err) || !STALE_LINK_CODES.has(err.code ?? "")) throw err;
        decision = await resolveFresh();
        if (!decision.linked || !decision.accountId) return stop(decision.reason ?? "no_account_for_domain", "SKIPPED", decision, decision.evidence?.error ?? undefined);
        record = recordFor(decision);
        guard();
        remoteId = (await sf.upsert(REQUEST_OBJECT.apiName, REQUEST_ID_FIELD, request.id, record.fields)).id;
      }
    }

    const missingNote = record.missing.length ? ` ${record.missing.length} field(s) are missing or not visible in Salesforce and were not sent (${record.missing.join(", ")}).` : "";
    await log("SYNCED", "SYNCED", {
      reasonCode: record.missing.length ? "salesforce_fields_missing" : null,
      message: (changed ? (existing?.remoteId ? "Updated the Request__c record." : "Upserted the Request__c record.") : "No changes since the last push; nothing sent.") + missingNote,
      decision,
      remoteId,
      sync: {
        remoteId,
        remoteUserId: decision.contactId,
        remoteAccountId: decision.accountId,
        remoteOrganizationId: null,
        linkedEmail: email,
        lastSentHash: record.hash,
        lastSentVersion: request.version,
        lastSyncedAt: now(),
      },
    });
    // This push got through; if it used the last of Ferry's share, the next ones wait.
    if (overDailyBudget(sf.limitInfo, reserve)) await pauseFor(integration, usageWords(sf.limitInfo!, reserve), deps, now());
    return { status: "synced", remoteId: remoteId!, calls: calls().length, changed };
  } catch (err) {
    const limitExceeded = isSalesforceApiError(err) && err.code === "REQUEST_LIMIT_EXCEEDED";
    if (err instanceof DailyLimitReached || limitExceeded) {
      const why = err instanceof DailyLimitReached ? err.why : "Salesforce answered REQUEST_LIMIT_EXCEEDED: the org's API calls for the last 24 hours are used up.";
      const until = await pauseFor(integration, why, deps, now());
      return stop("daily_limit_paused", "HELD", decision, `${why} Pushes resume after ${until.toISOString().slice(0, 16).replace("T", " ")} UTC.`);
    }
    if (!isExternalApiError(err)) throw err;
    if (isSalesforceApiError(err) && SETUP_CODES.has(err.code ?? "") && err.kind !== "auth") {
      await log("FAILED", "FAILED", { reasonCode: "salesforce_setup_incomplete", message: `${words("salesforce_setup_incomplete")} ${err.message}`, decision });
      throw err;
    }
    await recordPushFailure(err, {
      integrationId: integration.id,
      attentionReason: `Salesforce refused Ferry's access (${err.message}). Reconnect Salesforce with a user allowed to use the API; held pushes go out then.`,
      record: log,
      decision,
      db,
      now,
    });
    throw err;
  }
}

function usageWords(info: SalesforceLimitInfo, reserve: number): string {
  return `Salesforce API usage is ${info.used} of ${info.max} calls in the last 24 hours; Ferry leaves the last ${Math.round(reserve * 100)}% to the org's other tools.`;
}

async function pauseFor(integration: Pick<Integration, "id">, why: string, deps: SalesforcePushDeps, at: Date): Promise<Date> {
  const until = new Date(at.getTime() + (deps.pauseMs ?? REQUEST_LIMIT_RETRY_MS));
  await pauseIntegration({ integrationId: integration.id, until, reason: why }, deps);
  return until;
}
