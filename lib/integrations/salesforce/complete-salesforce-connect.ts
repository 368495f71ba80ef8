import { randomUUID } from "node:crypto";
import type { Integration } from "@/generated/prisma/client";
import { db as defaultDb, type Db } from "@/lib/db";
import { AppError, isUniqueViolation } from "@/lib/errors";
import { isExternalApiError, RETRYABLE_KINDS } from "@/lib/http/external-api-error";
import type { FetchFn } from "@/lib/http/outbound-fetch";
import { log } from "@/lib/log";
import { recordEvent } from "@/lib/outbox/record-event";
import { requireMember } from "@/lib/auth/require-member";
import { exchangeCode, fetchIdentity, revokeToken, type SalesforceIdentity, type SalesforceTokenSet } from "@/lib/salesforce/oauth";
import { claimConnectState, type ConnectState } from "@/lib/integrations/salesforce/connect-state";
import { SalesforceConnectError, type ConnectFailureReason } from "@/lib/integrations/salesforce/connect-failures";
import { openSalesforceCredentials, sealSalesforceCredentials, type SalesforceCredentials } from "@/lib/integrations/salesforce/credentials";
import { salesforceOAuthApp } from "@/lib/integrations/salesforce/oauth-app";
import { ZSalesforceSettings } from "@/lib/integrations/salesforce/settings";
import { checkSalesforceUrl, isEmulatorUrl, salesforceUrlPolicy, type SalesforceUrlPolicy } from "@/lib/integrations/salesforce/url-policy";

export type CompleteConnectDeps = { db?: Db; now?: () => Date; fetch?: FetchFn; policy?: SalesforceUrlPolicy; timeoutMs?: number };

export type ConnectOutcome = "connected" | "reconnected" | "resumed";

/** What the callback URL carried; only `state`, `code` and `error` are read, and none is echoed. */
export type CallbackParams = { state?: string | null; code?: string | null; error?: string | null };

/** The Ferry id of the org a Salesforce integration is connected to: one org serves one workspace. */
export const salesforceTenantKey = (orgId: string) => `SALESFORCE:${orgId}`;

/**
 * Salesforce's redirect back to Ferry: the state must be one this user started in the last 10
 * minutes (used once), the user must still be an owner or admin, then the code is exchanged (with
 * the PKCE verifier), the identity says which org and user, and the integration is created, or —
 * for the org already connected here — given the new credentials (held pushes resume when it
 * needed attention). Failures are SalesforceConnectError with a closed reason.
 */
export async function completeSalesforceConnect(
  input: { actorUserId: string | null; params: CallbackParams },
  deps: CompleteConnectDeps = {},
): Promise<{ integration: Integration; workspaceSlug: string; outcome: ConnectOutcome }> {
  const db = deps.db ?? defaultDb();
  const now = deps.now ?? (() => new Date());
  if (!input.actorUserId) throw new SalesforceConnectError("signed_out", null);

  const claim = await claimConnectState(db, { state: input.params.state ?? null, userId: input.actorUserId, now: now() });
  const workspace = claim.ok || claim.workspaceId ? await db.workspace.findUnique({ where: { id: claim.ok ? claim.state.workspaceId : claim.workspaceId! } }) : null;
  if (!claim.ok) throw new SalesforceConnectError(claim.reason, claim.reason === "invalid_state" ? null : (workspace?.slug ?? null));
  if (!workspace) throw new SalesforceConnectError("invalid_state", null);
  const fail = (reason: ConnectFailureReason, detail?: string) => new SalesforceConnectError(reason, workspace.slug, detail);

  try {
    await requireMember({ userId: input.actorUserId, workspaceSlug: workspace.slug, capability: "integrations.manage" }, { db });
  } catch (err) {
    if (err instanceof AppError) throw new SalesforceConnectError("forbidden", err.code === "forbidden" ? workspace.slug : null);
    throw err;
  }
  if (input.params.error) throw fail("denied");
  if (!input.params.code) throw fail("invalid_state");

  const state = claim.state;
  const policy = deps.policy ?? salesforceUrlPolicy();
  const app = salesforceOAuthApp({ emulator: state.emulator });
  if (!app) throw fail("exchange_failed", "No Salesforce app is configured any more.");
  const tokens = await signIn(state, input.params.code, app, deps, fail);

  const revokeNew = () => revokeQuietly(state.loginUrl, tokens.refreshToken ?? tokens.accessToken, deps);
  const hostsOk =
    checkSalesforceUrl(tokens.instanceUrl, policy).allowed &&
    checkSalesforceUrl(tokens.idUrl, policy).allowed &&
    isEmulatorUrl(tokens.instanceUrl, policy) === state.emulator;
  if (!hostsOk) {
    await revokeNew();
    throw fail("host_not_allowed", `instance ${new URL(tokens.instanceUrl).host}`);
  }
  if (!tokens.refreshToken) {
    await revokeNew();
    throw fail("missing_refresh_token");
  }
  let identity: SalesforceIdentity;
  try {
    identity = await fetchIdentity({ idUrl: tokens.idUrl, accessToken: tokens.accessToken, fetch: deps.fetch, timeoutMs: deps.timeoutMs });
  } catch (err) {
    if (!isExternalApiError(err)) throw err;
    log.warn("salesforce.connect_identity_failed", { workspaceId: workspace.id, error: err.message });
    throw fail(RETRYABLE_KINDS.has(err.kind) ? "unreachable" : "exchange_failed", err.message);
  }

  const credentials: SalesforceCredentials = {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    instanceUrl: tokens.instanceUrl,
    loginUrl: state.loginUrl,
    environment: state.environment,
    idUrl: tokens.idUrl,
    emulator: state.emulator,
  };
  try {
    const saved = await saveIntegration({ workspaceId: workspace.id, actorUserId: input.actorUserId, identity, credentials }, db, now());
    if (saved.replacedRefreshToken && saved.replacedRefreshToken !== credentials.refreshToken) {
      // The grant this one replaces is no longer used; end it rather than leave it valid.
      await revokeQuietly(saved.replacedLoginUrl ?? state.loginUrl, saved.replacedRefreshToken, deps);
    }
    return { integration: saved.integration, workspaceSlug: workspace.slug, outcome: saved.outcome };
  } catch (err) {
    if (err instanceof SalesforceConnectError) {
      await revokeNew();
      throw new SalesforceConnectError(err.reason, workspace.slug, err.message);
    }
    throw err;
  }
}

async function signIn(
  state: ConnectState,
  code: string,
  app: { clientId: string; clientSecret: string },
  deps: CompleteConnectDeps,
  fail: (reason: ConnectFailureReason, detail?: string) => SalesforceConnectError,
): Promise<SalesforceTokenSet> {
  try {
    return await exchangeCode({
      loginUrl: state.loginUrl,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      redirectUri: state.redirectUri,
      code,
      codeVerifier: state.codeVerifier,
      fetch: deps.fetch,
      timeoutMs: deps.timeoutMs,
    });
  } catch (err) {
    if (!isExternalApiError(err)) throw err;
    log.warn("salesforce.connect_exchange_failed", { workspaceId: state.workspaceId, kind: err.kind, error: err.message });
    throw fail(RETRYABLE_KINDS.has(err.kind) ? "unreachable" : "exchange_failed", err.message);
  }
}

async function revokeQuietly(loginUrl: string, token: string, deps: CompleteConnectDeps) {
  try {
    await revokeToken({ loginUrl, token, fetch: deps.fetch, timeoutMs: deps.timeoutMs });
  } catch (err) {
    log.warn("salesforce.revoke_failed", { error: err instanceof Error ? err.message : String(err) });
  }
}

async function saveIntegration(
  input: { workspaceId: string; actorUserId: string; identity: SalesforceIdentity; credentials: SalesforceCredentials },
  db: Db,
  now: Date,
): Promise<{ integration: Integration; outcome: ConnectOutcome; replacedRefreshToken: string | null; replacedLoginUrl: string | null }> {
  const { workspaceId, identity, credentials } = input;
  const orgId = identity.organizationId;
  const payload = (integrationId: string) => ({ workspaceId, integrationId, provider: "SALESFORCE" as const });
  const connection = {
    baseUrl: credentials.instanceUrl,
    isSandbox: credentials.emulator,
    credentials: sealSalesforceCredentials(credentials, workspaceId),
    credentialHint: identity.username,
  };
  try {
    return await db.$transaction(async (tx) => {
      const live = await tx.integration.findFirst({ where: { workspaceId, provider: "SALESFORCE", status: { not: "DISCONNECTED" } } });
      if (live) {
        if (live.remoteTenant !== orgId) throw new SalesforceConnectError("different_org", null, `connected to ${live.remoteTenant}, signed in to ${orgId}`);
        let replaced: SalesforceCredentials | null = null;
        try {
          replaced = openSalesforceCredentials(live);
        } catch {
          // Unreadable (e.g. a dropped key): the new credentials replace them either way.
        }
        const resumed = live.status === "NEEDS_ATTENTION";
        const integration = await tx.integration.update({
          where: { id: live.id },
          data: { ...connection, status: "CONNECTED", attentionReason: null, attentionSince: null },
        });
        await recordEvent(tx, { name: "ferry/integration.connected", aggregateType: "integration", aggregateId: live.id, payload: payload(live.id) });
        if (resumed) {
          await recordEvent(tx, { name: "ferry/integration.resumed", aggregateType: "integration", aggregateId: live.id, payload: payload(live.id) });
        }
        return {
          integration,
          outcome: resumed ? ("resumed" as const) : ("reconnected" as const),
          replacedRefreshToken: replaced?.refreshToken ?? null,
          replacedLoginUrl: replaced?.loginUrl ?? null,
        };
      }
      const id = randomUUID();
      const integration = await tx.integration.create({
        data: {
          id,
          workspaceId,
          provider: "SALESFORCE",
          status: "CONNECTED",
          remoteTenant: orgId,
          activeTenantKey: salesforceTenantKey(orgId),
          activeWorkspaceKey: `${workspaceId}:SALESFORCE`,
          budgetKey: `salesforce-org:${orgId}`,
          settings: ZSalesforceSettings.parse({}),
          connectedAt: now,
          connectedById: input.actorUserId,
          ...connection,
        },
      });
      await recordEvent(tx, { name: "ferry/integration.connected", aggregateType: "integration", aggregateId: id, payload: payload(id) });
      return { integration, outcome: "connected" as const, replacedRefreshToken: null, replacedLoginUrl: null };
    });
  } catch (err) {
    if (isUniqueViolation(err, "activeTenantKey")) throw new SalesforceConnectError("org_in_use", null);
    if (isUniqueViolation(err, "activeWorkspaceKey")) throw new SalesforceConnectError("already_connected", null);
    throw err;
  }
}
