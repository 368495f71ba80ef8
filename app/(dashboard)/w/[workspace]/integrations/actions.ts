"use server";

import { after } from "next/server";
import { z } from "zod";
import { kickOutbox } from "@/inngest/outbox-kick";
import { defineAction } from "@/app/_lib/action";
import { AppError } from "@/lib/errors";
import { isExternalApiError } from "@/lib/http/external-api-error";
import { disconnectIntegration } from "@/lib/integrations/disconnect-integration";
import { checkVitallyCredentials, connectVitally, ZConnectVitallyInput } from "@/lib/integrations/vitally/connect-vitally";
import { readVitallySettings } from "@/lib/integrations/vitally/settings";
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

export const updateVitallySettingsAction = defineAction({
  name: "integrations.update-settings",
  capability: "integrations.manage",
  input: ZIntegrationRef.extend(ZUpdateVitallySettingsInput.pick({ pushNewRequests: true, updateExistingRequests: true }).shape),
  run: async (member, { integrationId, ...settings }) => {
    const integration = await updateVitallySettings({ workspaceId: member.workspace.id, integrationId }, settings);
    const { pushNewRequests, updateExistingRequests } = readVitallySettings(integration.settings);
    return { pushNewRequests, updateExistingRequests };
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
