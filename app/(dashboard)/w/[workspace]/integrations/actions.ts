"use server";

import { after } from "next/server";
import { z } from "zod";
import { kickOutbox } from "@/inngest/outbox-kick";
import { defineAction } from "@/app/_lib/action";
import { AppError } from "@/lib/errors";
import { isExternalApiError } from "@/lib/http/external-api-error";
import { disconnectIntegration } from "@/lib/integrations/disconnect-integration";
import { checkVitallyCredentials, connectVitally, ZConnectVitallyInput } from "@/lib/integrations/vitally/connect-vitally";
import { requireIntegration } from "@/lib/integrations/get-integration";
import { readVitallySettings } from "@/lib/integrations/vitally/settings";
import { assertValidConversationSettings } from "@/lib/integrations/vitally/validate-conversation-settings";
import {
  updateVitallyCredentials,
  updateVitallySettings,
  ZUpdateVitallyCredentialsInput,
  ZUpdateVitallySettingsInput,
} from "@/lib/integrations/vitally/update-vitally-integration";
import { ensureVitallySchema } from "@/lib/sync/vitally/ensure-vitally-schema";

/**
 * The Integrations page's actions (owners and admins). None of them ever answers a credential:
 * the key goes in, only ids, words and the masked hint come out.
 */

/** Delivers the outbox events a committed change recorded, after the response is sent. */
function deliverEventsAfterResponse() {
  try {
    after(() => kickOutbox());
  } catch {
    // Outside a request (scripts, tests): the scheduled relay delivers them.
  }
}

const ZIntegrationRef = z.object({ integrationId: z.uuid("Unknown integration.") });

/** "Continue" in the connect dialog: one cheap call to Vitally; nothing is stored. */
export const checkVitallyCredentialsAction = defineAction({
  name: "integrations.check-vitally",
  capability: "integrations.manage",
  input: z.object({ apiUrl: z.string().max(500), auth: z.string().max(2000) }),
  run: async (_member, input) => {
    const { connection, check } = await checkVitallyCredentials(input);
    return { message: check.message, host: new URL(connection.baseUrl).host };
  },
});

export const connectVitallyAction = defineAction({
  name: "integrations.connect-vitally",
  capability: "integrations.manage",
  input: ZConnectVitallyInput,
  run: async (member, input) => {
    const { syncConversations, defaultAdminEmail } = input.settings;
    if (syncConversations || defaultAdminEmail) {
      // The configuration step's conversation settings, checked against Vitally before anything is stored.
      const { connection } = await checkVitallyCredentials(input);
      await assertValidConversationSettings({ connection }, { syncConversations, defaultAdminEmail });
    }
    const integration = await connectVitally({ workspaceId: member.workspace.id, actorUserId: member.userId }, input);
    deliverEventsAfterResponse();
    return { integrationId: integration.id };
  },
});

export const updateVitallyCredentialsAction = defineAction({
  name: "integrations.update-credentials",
  capability: "integrations.manage",
  input: ZIntegrationRef.extend(ZUpdateVitallyCredentialsInput.shape),
  run: async (member, { integrationId, ...credentials }) => {
    const { integration, resumed } = await updateVitallyCredentials({ workspaceId: member.workspace.id, integrationId }, credentials);
    deliverEventsAfterResponse();
    return { integrationId: integration.id, credentialHint: integration.credentialHint, resumed };
  },
});

const ZSettingsChange = ZUpdateVitallySettingsInput.extend({
  defaultAdminEmail: z.string().trim().toLowerCase().pipe(z.email("Enter an email address, like ada@acme.com.")).nullable().optional(),
});

/**
 * The switches and the default admin. A change to "Sync threads as Vitally conversations" or the
 * default admin email is checked against Vitally first (the key can read users, admins and
 * conversations; the admin exists and is active); each problem comes back under its field.
 */
export const updateVitallySettingsAction = defineAction({
  name: "integrations.update-settings",
  capability: "integrations.manage",
  input: ZIntegrationRef.extend(ZSettingsChange.shape),
  run: async (member, { integrationId, ...changes }) => {
    const ctx = { workspaceId: member.workspace.id, integrationId };
    let defaultAdminName: string | null = null;
    if (changes.syncConversations !== undefined || changes.defaultAdminEmail !== undefined) {
      const integration = await requireIntegration(ctx.workspaceId, integrationId);
      const current = readVitallySettings(integration.settings);
      const next = {
        syncConversations: changes.syncConversations ?? current.syncConversations,
        defaultAdminEmail: changes.defaultAdminEmail === undefined ? current.defaultAdminEmail : changes.defaultAdminEmail,
      };
      if (integration.provider === "VITALLY" && integration.status !== "DISCONNECTED") {
        defaultAdminName = (await assertValidConversationSettings({ integration }, next)).defaultAdmin?.name ?? null;
      }
    }
    const integration = await updateVitallySettings(ctx, changes);
    return { ...readVitallySettings(integration.settings), defaultAdminName };
  },
});

export const disconnectIntegrationAction = defineAction({
  name: "integrations.disconnect",
  capability: "integrations.manage",
  input: ZIntegrationRef,
  run: async (member, { integrationId }) => {
    const integration = await disconnectIntegration({ workspaceId: member.workspace.id, integrationId });
    return { integrationId: integration.id };
  },
});

/** "Check schema now" / "Repair": adds what is missing in Vitally (idempotent), and says what it did. */
export const ensureVitallySchemaAction = defineAction({
  name: "integrations.ensure-schema",
  capability: "integrations.manage",
  input: ZIntegrationRef,
  run: async (member, { integrationId }) => {
    try {
      const state = await ensureVitallySchema({ workspaceId: member.workspace.id, integrationId, trigger: "repair" });
      return {
        created: state.created,
        added: state.added,
        traits: state.traits.length,
        problems: state.traits.filter((t) => t.status !== "ok").map((t) => ({ label: t.label, status: t.status })),
      };
    } catch (err) {
      if (!isExternalApiError(err)) throw err;
      // The failure is stored on the integration too (schema panel) and in the sync logs.
      throw new AppError("unavailable", `Vitally did not let Ferry check the schema: ${err.message}`);
    }
  },
});
