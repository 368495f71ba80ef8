import { randomUUID } from "node:crypto";
import { z } from "zod";
import { db as defaultDb, type Db } from "@/lib/db";
import { AppError, invalidInput, isUniqueViolation } from "@/lib/errors";
import type { FetchFn } from "@/lib/http/outbound-fetch";
import { recordEvent } from "@/lib/outbox/record-event";
import { keyFingerprint, maskSecret, sealCredentials } from "@/lib/integrations/secrets";
import { vitallyConnectionInput, type VitallyConnection, type VitallyUrlPolicy } from "@/lib/vitally/connection";
import { validateVitallyConnection, type ConnectionCheck } from "@/lib/vitally/validate-connection";
import { ZVitallySettings } from "@/lib/integrations/vitally/settings";
import { isSandboxBaseUrl, vitallyUrlPolicy } from "@/lib/integrations/vitally/url-policy";
import { vitallyRemoteTenant } from "@/lib/integrations/vitally/remote-tenant";

export const ZConnectVitallyInput = z.object({
  apiUrl: z.string().max(500),
  auth: z.string().max(2000),
  settings: ZVitallySettings.partial().default({}),
});
export type ConnectVitallyInput = z.input<typeof ZConnectVitallyInput>;

export type VitallyDeps = { db?: Db; fetch?: FetchFn; policy?: VitallyUrlPolicy; timeoutMs?: number };

/**
 * "Continue" in the connect dialog: normalises what the admin pasted and checks it with one cheap
 * call. Throws invalid_input naming `apiUrl` or `auth` with a message the admin can act on.
 */
export async function checkVitallyCredentials(
  input: { apiUrl: string; auth: string },
  deps: VitallyDeps = {},
): Promise<{ connection: VitallyConnection; check: ConnectionCheck }> {
  const policy = deps.policy ?? vitallyUrlPolicy();
  const parsed = vitallyConnectionInput(policy).safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues, "Check the API URL and key.");
  const check = await validateVitallyConnection(parsed.data, { fetch: deps.fetch, timeoutMs: deps.timeoutMs });
  if (!check.ok) {
    throw new AppError("invalid_input", check.message, { [check.field ?? "form"]: [`${check.message} ${check.action}`.trim()] });
  }
  return { connection: parsed.data, check };
}

/**
 * Connects a workspace to a Vitally instance. One Vitally instance serves one Ferry workspace, and
 * a workspace has one live Vitally integration. Credentials are encrypted before they are stored;
 * the "connected" event (same transaction) makes Ferry create the custom object and its traits.
 */
export async function connectVitally(
  ctx: { workspaceId: string; actorUserId: string },
  raw: ConnectVitallyInput,
  deps: VitallyDeps & { now?: () => Date } = {},
) {
  const parsedInput = ZConnectVitallyInput.safeParse(raw);
  if (!parsedInput.success) throw invalidInput(parsedInput.error.issues);
  const input = parsedInput.data;
  const policy = deps.policy ?? vitallyUrlPolicy();
  const { connection } = await checkVitallyCredentials(input, { ...deps, policy });
  const db = deps.db ?? defaultDb();
  const now = (deps.now ?? (() => new Date()))();
  const remoteTenant = vitallyRemoteTenant(connection);
  const settings = ZVitallySettings.parse(input.settings);
  const id = randomUUID();

  try {
    return await db.$transaction(async (tx) => {
      const integration = await tx.integration.create({
        data: {
          id,
          workspaceId: ctx.workspaceId,
          provider: "VITALLY",
          status: "CONNECTED",
          baseUrl: connection.baseUrl,
          remoteTenant,
          activeTenantKey: `VITALLY:${remoteTenant}`,
          activeWorkspaceKey: `${ctx.workspaceId}:VITALLY`,
          isSandbox: isSandboxBaseUrl(connection.baseUrl, policy),
          credentials: sealCredentials(connection.apiKey, ctx.workspaceId, "VITALLY"),
          credentialHint: maskSecret(connection.apiKey),
          budgetKey: keyFingerprint(connection.apiKey),
          settings,
          connectedAt: now,
          connectedById: ctx.actorUserId,
        },
      });
      await recordEvent(tx, {
        name: "ferry/integration.connected",
        aggregateType: "integration",
        aggregateId: integration.id,
        payload: { workspaceId: ctx.workspaceId, integrationId: integration.id, provider: "VITALLY" },
      });
      return integration;
    });
  } catch (err) {
    if (isUniqueViolation(err, "activeWorkspaceKey")) {
      throw new AppError("conflict", "This workspace is already connected to Vitally. Edit that integration's credentials, or disconnect it first.");
    }
    if (isUniqueViolation(err, "activeTenantKey")) {
      throw new AppError(
        "conflict",
        "This Vitally instance is already connected to another Ferry workspace. One Vitally instance can serve one workspace; disconnect it there first.",
        { apiUrl: ["This Vitally instance is already connected to another Ferry workspace."] },
      );
    }
    throw err;
  }
}
