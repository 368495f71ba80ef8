import type { Capability } from "@/lib/auth/roles";
import type { UserAction, WorkspaceAction } from "@/app/_lib/action";
import type { WorkspaceRoute } from "@/app/_lib/route";
import * as passwordActions from "@/app/(auth)/change-password/actions";
import * as memberActions from "@/app/(dashboard)/w/[workspace]/settings/member-actions";
import * as tokenActions from "@/app/(dashboard)/w/[workspace]/settings/token-actions";
import * as integrationActions from "@/app/(dashboard)/w/[workspace]/integrations/actions";
import * as salesforceActions from "@/app/(dashboard)/w/[workspace]/integrations/salesforce-actions";
import * as syncActions from "@/app/(dashboard)/w/[workspace]/sync-logs/sync-actions";
import * as conversationActions from "@/app/(dashboard)/w/[workspace]/sync-logs/conversation-actions";
import * as requestsRoute from "@/app/api/w/[workspace]/requests/route";
import * as syncLogsRoute from "@/app/api/w/[workspace]/sync-logs/route";
import * as syncLogEntryRoute from "@/app/api/w/[workspace]/sync-logs/entry/route";
import * as syncLogsExportRoute from "@/app/api/w/[workspace]/sync-logs/export/route";
import * as syncLogStatsRoute from "@/app/api/w/[workspace]/sync-logs/stats/route";
import * as salesforceUsageRoute from "@/app/api/w/[workspace]/integrations/salesforce/usage/route";

/**
 * Every edge of the dashboard, for tests/access-table.int.test.ts: each server action and
 * dashboard JSON route with its capability, and each workspace page with the capability it asks
 * requirePageMember for. The test globs app/ and fails on any edge missing here.
 */
export type RegisteredEdge = {
  id: string;
  file: string;
  exportName: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- inputs differ per edge; the test supplies each one
  edge: WorkspaceAction<any, unknown> | WorkspaceRoute<unknown>;
};

const SETTINGS = "app/(dashboard)/w/[workspace]/settings";
const INTEGRATIONS = "app/(dashboard)/w/[workspace]/integrations";
const SYNC_ACTIONS = "app/(dashboard)/w/[workspace]/sync-logs/sync-actions.ts";
const CONVERSATION_ACTIONS = "app/(dashboard)/w/[workspace]/sync-logs/conversation-actions.ts";
const SYNC_LOGS_API = "app/api/w/[workspace]/sync-logs";

export const WORKSPACE_EDGES: RegisteredEdge[] = [
  { id: "members.invite", file: `${SETTINGS}/member-actions.ts`, exportName: "inviteMemberAction", edge: memberActions.inviteMemberAction },
  { id: "members.change-role", file: `${SETTINGS}/member-actions.ts`, exportName: "changeMemberRoleAction", edge: memberActions.changeMemberRoleAction },
  { id: "members.remove", file: `${SETTINGS}/member-actions.ts`, exportName: "removeMemberAction", edge: memberActions.removeMemberAction },
  { id: "tokens.create", file: `${SETTINGS}/token-actions.ts`, exportName: "createApiTokenAction", edge: tokenActions.createApiTokenAction },
  { id: "tokens.revoke", file: `${SETTINGS}/token-actions.ts`, exportName: "revokeApiTokenAction", edge: tokenActions.revokeApiTokenAction },
  { id: "requests.list", file: "app/api/w/[workspace]/requests/route.ts", exportName: "GET", edge: requestsRoute.GET },
  {
    id: "integrations.check-vitally",
    file: `${INTEGRATIONS}/actions.ts`,
    exportName: "checkVitallyCredentialsAction",
    edge: integrationActions.checkVitallyCredentialsAction,
  },
  { id: "integrations.connect-vitally", file: `${INTEGRATIONS}/actions.ts`, exportName: "connectVitallyAction", edge: integrationActions.connectVitallyAction },
  {
    id: "integrations.update-credentials",
    file: `${INTEGRATIONS}/actions.ts`,
    exportName: "updateVitallyCredentialsAction",
    edge: integrationActions.updateVitallyCredentialsAction,
  },
  {
    id: "integrations.update-settings",
    file: `${INTEGRATIONS}/actions.ts`,
    exportName: "updateVitallySettingsAction",
    edge: integrationActions.updateVitallySettingsAction,
  },
  { id: "integrations.disconnect", file: `${INTEGRATIONS}/actions.ts`, exportName: "disconnectIntegrationAction", edge: integrationActions.disconnectIntegrationAction },
  { id: "integrations.ensure-schema", file: `${INTEGRATIONS}/actions.ts`, exportName: "ensureVitallySchemaAction", edge: integrationActions.ensureVitallySchemaAction },
  {
    id: "integrations.start-salesforce-connect",
    file: `${INTEGRATIONS}/salesforce-actions.ts`,
    exportName: "startSalesforceConnectAction",
    edge: salesforceActions.startSalesforceConnectAction,
  },
  {
    id: "integrations.update-salesforce-settings",
    file: `${INTEGRATIONS}/salesforce-actions.ts`,
    exportName: "updateSalesforceSettingsAction",
    edge: salesforceActions.updateSalesforceSettingsAction,
  },
  {
    id: "integrations.disconnect-salesforce",
    file: `${INTEGRATIONS}/salesforce-actions.ts`,
    exportName: "disconnectSalesforceAction",
    edge: salesforceActions.disconnectSalesforceAction,
  },
  {
    id: "integrations.ensure-salesforce-schema",
    file: `${INTEGRATIONS}/salesforce-actions.ts`,
    exportName: "ensureSalesforceSchemaAction",
    edge: salesforceActions.ensureSalesforceSchemaAction,
  },
  {
    id: "integrations.salesforce-usage",
    file: "app/api/w/[workspace]/integrations/salesforce/usage/route.ts",
    exportName: "GET",
    edge: salesforceUsageRoute.GET,
  },
  { id: "sync.recheck", file: SYNC_ACTIONS, exportName: "recheckRequestLinkAction", edge: syncActions.recheckRequestLinkAction },
  { id: "sync.retry", file: SYNC_ACTIONS, exportName: "retryRequestSyncAction", edge: syncActions.retryRequestSyncAction },
  {
    id: "sync.skip-message",
    file: CONVERSATION_ACTIONS,
    exportName: "skipHeldConversationMessageAction",
    edge: conversationActions.skipHeldConversationMessageAction,
  },
  { id: "sync-logs.list", file: `${SYNC_LOGS_API}/route.ts`, exportName: "GET", edge: syncLogsRoute.GET },
  { id: "sync-logs.stats", file: `${SYNC_LOGS_API}/stats/route.ts`, exportName: "GET", edge: syncLogStatsRoute.GET },
  { id: "sync-logs.detail", file: `${SYNC_LOGS_API}/entry/route.ts`, exportName: "GET", edge: syncLogEntryRoute.GET },
  { id: "sync-logs.export", file: `${SYNC_LOGS_API}/export/route.ts`, exportName: "GET", edge: syncLogsExportRoute.GET },
];

export const USER_EDGES: { id: string; file: string; exportName: string; edge: UserAction<unknown, unknown> }[] = [
  {
    id: "account.set-new-password",
    file: "app/(auth)/change-password/actions.ts",
    exportName: "setNewPasswordAction",
    edge: passwordActions.setNewPasswordAction as UserAction<unknown, unknown>,
  },
];

const W = "app/(dashboard)/w/[workspace]";
export const WORKSPACE_PAGES: { file: string; capability: Capability }[] = [
  { file: `${W}/layout.tsx`, capability: "requests.read" },
  { file: `${W}/page.tsx`, capability: "requests.read" },
  // (list) keeps the table's loading skeleton off the request page, whose 404 must be a real 404.
  { file: `${W}/requests/(list)/page.tsx`, capability: "requests.read" },
  { file: `${W}/requests/[number]/page.tsx`, capability: "requests.read" },
  { file: `${W}/integrations/page.tsx`, capability: "integrations.read" },
  { file: `${W}/integrations/[id]/sandbox/page.tsx`, capability: "integrations.manage" },
  { file: `${W}/integrations/[id]/salesforce/page.tsx`, capability: "integrations.manage" },
  { file: `${W}/sync-logs/page.tsx`, capability: "logs.read" },
  { file: `${W}/settings/page.tsx`, capability: "members.read" },
];

/** Edges in app/ that are not the dashboard's, each guarded by its own mechanism and tests. */
export const OTHER_EDGES: { prefix: string; why: string }[] = [
  { prefix: "app/api/v1/", why: "Ferry's public API: API-token authentication in its own wrapper, with its own tests" },
  { prefix: "app/api/inngest/", why: "Inngest's serve endpoint, authenticated by Inngest's request signing" },
  { prefix: "app/api/auth/", why: "next-auth's own sign-in and session endpoints" },
  {
    prefix: "app/api/integrations/salesforce/callback/",
    why: "Salesforce's OAuth redirect: completes only a sign-in the same signed-in owner/admin started in that workspace (state single use, 10 min); lib/integrations/salesforce/connect-salesforce.int.test.ts",
  },
];
