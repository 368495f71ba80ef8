import { z } from "zod";
import { db as defaultDb } from "@/lib/db";
import { AppError, invalidInput } from "@/lib/errors";
import { recordEvent } from "@/lib/outbox/record-event";
import { keyFingerprint, maskSecret, sealCredentials } from "@/lib/integrations/secrets";
import { requireIntegration } from "@/lib/integrations/get-integration";
import { checkVitallyCredentials, type VitallyDeps } from "@/lib/integrations/vitally/connect-vitally";
import { readVitallySettings, ZVitallySettings } from "@/lib/integrations/vitally/settings";
import { vitallyRemoteTenant } from "@/lib/integrations/vitally/remote-tenant";
import { vitallyUrlPolicy } from "@/lib/integrations/vitally/url-policy";

export const ZUpdateVitallyCredentialsInput = z.object({ apiUrl: z.string().max(500), auth: z.string().max(2000) });

/**
 * New credentials for a live integration, re-validated, without disconnecting. The instance must
 * stay the same (Ferry keeps ids of what it created there). An integration that needed attention
 * is connected again and the pushes it held back are released.
 */
export async function updateVitallyCredentials(
  ctx: { workspaceId: string; integrationId: string },
  raw: z.input<typeof ZUpdateVitallyCredentialsInput>,
  deps: VitallyDeps & { now?: () => Date } = {},
) {
  const parsed = ZUpdateVitallyCredentialsInput.safeParse(raw);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const db = deps.db ?? defaultDb();
  const integration = await requireIntegration(ctx.workspaceId, ctx.integrationId, { db });
  if (integration.provider !== "VITALLY" || integration.status === "DISCONNECTED") {
    throw new AppError("conflict", "This integration is disconnected; connect Vitally again instead.");
  }
  const policy = deps.policy ?? vitallyUrlPolicy();
  const { connection } = await checkVitallyCredentials(parsed.data, { ...deps, policy });
  if (vitallyRemoteTenant(connection) !== integration.remoteTenant) {
    throw new AppError(
      "invalid_input",
      "These credentials belong to another Vitally instance. To move Ferry to another instance, disconnect this integration and connect the new one.",
      { apiUrl: ["This is a different Vitally instance from the connected one."] },
    );
  }
  const resumed = integration.status === "NEEDS_ATTENTION";
  return db.$transaction(async (tx) => {
    const updated = await tx.integration.update({
      where: { id: integration.id },
      data: {
        baseUrl: connection.baseUrl,
        credentials: sealCredentials(connection.apiKey, ctx.workspaceId, "VITALLY"),
        credentialHint: maskSecret(connection.apiKey),
        budgetKey: keyFingerprint(connection.apiKey),
        status: "CONNECTED",
        attentionReason: null,
        attentionSince: null,
      },
    });
    const payload = { workspaceId: ctx.workspaceId, integrationId: integration.id, provider: "VITALLY" as const };
    await recordEvent(tx, { name: "ferry/integration.connected", aggregateType: "integration", aggregateId: integration.id, payload });
    if (resumed) {
      await recordEvent(tx, { name: "ferry/integration.resumed", aggregateType: "integration", aggregateId: integration.id, payload });
    }
    return { integration: updated, resumed };
  });
}

/** Only the keys present change (no defaults here: a partial update must not reset the others). */
export const ZUpdateVitallySettingsInput = z.strictObject({
  pushNewRequests: z.boolean().optional(),
  updateExistingRequests: z.boolean().optional(),
  syncConversations: z.boolean().optional(),
  defaultAdminEmail: ZVitallySettings.shape.defaultAdminEmail.removeDefault().optional(),
});

/** Changes the switches (and default admin). Validation of the admin against Vitally is the caller's. */
export async function updateVitallySettings(
  ctx: { workspaceId: string; integrationId: string },
  raw: z.input<typeof ZUpdateVitallySettingsInput>,
  deps: { db?: ReturnType<typeof defaultDb> } = {},
) {
  const parsed = ZUpdateVitallySettingsInput.safeParse(raw);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const db = deps.db ?? defaultDb();
  const integration = await requireIntegration(ctx.workspaceId, ctx.integrationId, { db });
  if (integration.provider !== "VITALLY" || integration.status === "DISCONNECTED") {
    throw new AppError("conflict", "This integration is disconnected.");
  }
  const changes = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
  const settings = { ...readVitallySettings(integration.settings), ...changes };
  return db.integration.update({ where: { id: integration.id }, data: { settings } });
}
