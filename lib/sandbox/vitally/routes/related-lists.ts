import { conversationParticipants, presentAccount, presentConversationRow, presentMeeting, presentNote, presentProject, presentTask, presentUser } from "../presenters";
import { paginate, parsePageQuery } from "../pagination";
import { archivedFilter, filterValues, requireRecord } from "../route-kit";
import { ok, type RouteContext, type RouteDef, type RouteResult } from "../router";
import type { Workspace } from "../store";

/**
 * Lists under an account or an organization (reference §7: `/accounts/:id/{users,conversations,
 * notes,tasks,projects,meetings,npsResponses}`, `/organizations/:id/{accounts,…}`), with the same
 * pagination as the top-level lists. The parent may be named by Vitally id or externalId.
 */

type Parent = { kind: "account" | "organization"; id: string };

function parentOf(ctx: RouteContext, kind: Parent["kind"]): Parent {
  const map = kind === "account" ? ctx.ws.data.accounts : ctx.ws.data.organizations;
  const record = requireRecord<{ id: string; externalId: string }>(
    map,
    ctx.params.id ?? "",
    kind === "account" ? "Account" : "Organization",
    true,
  );
  return { kind, id: record.id };
}

function userIdsOf(ws: Workspace, parent: Parent): Set<string> {
  const ids = new Set<string>();
  for (const u of ws.data.users.values()) {
    const links = parent.kind === "account" ? u.accountIds : u.organizationIds;
    if (links.includes(parent.id)) ids.add(u.id);
  }
  return ids;
}

const ownerField = (parent: Parent) => (parent.kind === "account" ? "accountId" : "organizationId");

type Lister = (ctx: RouteContext, parent: Parent) => RouteResult;

const listers: Record<string, Lister> = {
  users: (ctx, parent) => {
    const ids = userIdsOf(ctx.ws, parent);
    return ok(paginate(filterValues(ctx.ws.data.users, (u) => ids.has(u.id)), parsePageQuery(ctx.query, ctx.strict), (u) => presentUser(ctx.ws, u)));
  },
  accounts: (ctx, parent) =>
    ok(
      paginate(
        filterValues(ctx.ws.data.accounts, (a) => a.organizationId === parent.id),
        parsePageQuery(ctx.query, ctx.strict),
        (a) => presentAccount(ctx.ws, a),
      ),
    ),
  conversations: (ctx, parent) => {
    const keep = (conversationId: string) => {
      const p = conversationParticipants(ctx.ws, conversationId);
      return (parent.kind === "account" ? p.accountIds : p.organizationIds).has(parent.id);
    };
    return ok(paginate(filterValues(ctx.ws.data.conversations, (c) => keep(c.id)), parsePageQuery(ctx.query, ctx.strict), presentConversationRow));
  },
  notes: (ctx, parent) => {
    const archived = archivedFilter(ctx.query, "active");
    const field = ownerField(parent);
    const items = filterValues(ctx.ws.data.notes, (n) => n[field] === parent.id && archived(n));
    return ok(paginate(items, parsePageQuery(ctx.query, ctx.strict), (n) => presentNote(ctx.ws, n)));
  },
  tasks: (ctx, parent) => {
    const archived = archivedFilter(ctx.query, "active");
    const field = ownerField(parent);
    const items = filterValues(ctx.ws.data.tasks, (t) => t[field] === parent.id && archived(t));
    return ok(paginate(items, parsePageQuery(ctx.query, ctx.strict), (t) => presentTask(ctx.ws, t)));
  },
  projects: (ctx, parent) => {
    const archived = archivedFilter(ctx.query, "active");
    const field = ownerField(parent);
    const items = filterValues(ctx.ws.data.projects, (p) => p[field] === parent.id && archived(p));
    return ok(paginate(items, parsePageQuery(ctx.query, ctx.strict), presentProject));
  },
  meetings: (ctx, parent) => {
    const includeArchived = ctx.query.get("archived") === "true";
    const items = filterValues(ctx.ws.data.meetings, (m) => {
      const links = parent.kind === "account" ? m.accountIds : m.organizationIds;
      return links.includes(parent.id) && (includeArchived || m.archivedAt === null);
    });
    return ok(paginate(items, parsePageQuery(ctx.query, ctx.strict), (m) => presentMeeting(ctx.ws, m)));
  },
  npsResponses: (ctx, parent) => {
    const ids = userIdsOf(ctx.ws, parent);
    return ok(paginate(filterValues(ctx.ws.data.npsResponses, (r) => ids.has(r.userId)), parsePageQuery(ctx.query, ctx.strict), (r) => r));
  },
};

const ACCOUNT_LISTS = ["users", "conversations", "notes", "tasks", "projects", "meetings", "npsResponses"];
const ORGANIZATION_LISTS = ["accounts", ...ACCOUNT_LISTS];

function routesFor(kind: Parent["kind"], base: string, names: string[]): RouteDef[] {
  return names.map((name) => ({
    method: "GET" as const,
    path: `${base}/:id/${name}`,
    handler: (ctx: RouteContext) => (listers[name] as Lister)(ctx, parentOf(ctx, kind)),
  }));
}

export const relatedListRoutes: RouteDef[] = [
  ...routesFor("account", "/accounts", ACCOUNT_LISTS),
  ...routesFor("organization", "/organizations", ORGANIZATION_LISTS),
];
