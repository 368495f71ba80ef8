import type { Capability } from "@/lib/auth/roles";
import type { UserAction, WorkspaceAction } from "@/app/_lib/action";
import type { WorkspaceRoute } from "@/app/_lib/route";
import * as passwordActions from "@/app/(auth)/change-password/actions";
import * as memberActions from "@/app/(dashboard)/w/[workspace]/settings/member-actions";
import * as tokenActions from "@/app/(dashboard)/w/[workspace]/settings/token-actions";
import * as requestsRoute from "@/app/api/w/[workspace]/requests/route";

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

export const WORKSPACE_EDGES: RegisteredEdge[] = [
  { id: "members.invite", file: `${SETTINGS}/member-actions.ts`, exportName: "inviteMemberAction", edge: memberActions.inviteMemberAction },
  { id: "members.change-role", file: `${SETTINGS}/member-actions.ts`, exportName: "changeMemberRoleAction", edge: memberActions.changeMemberRoleAction },
  { id: "members.remove", file: `${SETTINGS}/member-actions.ts`, exportName: "removeMemberAction", edge: memberActions.removeMemberAction },
  { id: "tokens.create", file: `${SETTINGS}/token-actions.ts`, exportName: "createApiTokenAction", edge: tokenActions.createApiTokenAction },
  { id: "tokens.revoke", file: `${SETTINGS}/token-actions.ts`, exportName: "revokeApiTokenAction", edge: tokenActions.revokeApiTokenAction },
  { id: "requests.list", file: "app/api/w/[workspace]/requests/route.ts", exportName: "GET", edge: requestsRoute.GET },
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
  { file: `${W}/sync-logs/page.tsx`, capability: "logs.read" },
  { file: `${W}/settings/page.tsx`, capability: "members.read" },
];

/** Edges in app/ that are not the dashboard's, each guarded by its own mechanism and tests. */
export const OTHER_EDGES: { prefix: string; why: string }[] = [
  { prefix: "app/api/v1/", why: "Ferry's public API: API-token authentication in its own wrapper, with its own tests" },
  { prefix: "app/api/inngest/", why: "Inngest's serve endpoint, authenticated by Inngest's request signing" },
  { prefix: "app/api/auth/", why: "next-auth's own sign-in and session endpoints" },
];
