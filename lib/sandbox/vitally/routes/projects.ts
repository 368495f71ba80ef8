import { badRequest, notFound } from "../errors";
import { presentProject } from "../presenters";
import { paginate, parsePageQuery } from "../pagination";
import { archivedFilter, filterValues, isoOrNull, mergeTraits, newId, parseBody, requireRecord, requireReference } from "../route-kit";
import { ok, type RouteContext, type RouteDef } from "../router";
import { ZProjectCreate, ZProjectUpdate } from "../schemas";
import type { ProjectRecord } from "../types";
import { checkAdmin, resolveOwner } from "./owned-items";

/**
 * Projects, templates and categories, reference §8.10. A project is always created from a
 * template; fields left out fall back to the template, the status to the default status.
 */

type ProjectRefs = { projectStatusId?: string | null; projectCategoryId?: string | null; ownedByVitallyUserId?: string | null };

function checkRefs(ctx: RouteContext, body: ProjectRefs): void {
  if (body.projectStatusId && !ctx.ws.data.projectStatuses.has(body.projectStatusId)) {
    throw badRequest(`projectStatusId: no project status with id "${body.projectStatusId}"`);
  }
  if (body.projectCategoryId && !ctx.ws.data.projectCategories.has(body.projectCategoryId)) {
    throw badRequest(`projectCategoryId: no project category with id "${body.projectCategoryId}"`);
  }
  checkAdmin(ctx, body.ownedByVitallyUserId, "ownedByVitallyUserId");
}

function defaultStatusId(ctx: RouteContext): string | null {
  const statuses = [...ctx.ws.data.projectStatuses.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return (statuses.find((s) => s.type === "active") ?? statuses[0])?.id ?? null;
}

export const projectRoutes: RouteDef[] = [
  {
    method: "GET",
    path: "/projects",
    handler: (ctx) => {
      const archived = archivedFilter(ctx.query, "active");
      return ok(paginate(filterValues(ctx.ws.data.projects, archived), parsePageQuery(ctx.query, ctx.strict), presentProject));
    },
  },
  {
    method: "GET",
    path: "/projects/:id",
    handler: (ctx) => ok(presentProject(requireRecord(ctx.ws.data.projects, ctx.params.id ?? "", "Project", false))),
  },
  {
    method: "POST",
    path: "/projects",
    handler: (ctx) => {
      // The older template page used `customerId` for the account (§15): lenient mode accepts it.
      const raw = ctx.body as Record<string, unknown> | undefined;
      if (!ctx.strict && raw && typeof raw === "object" && typeof raw.customerId === "string" && raw.accountId === undefined) {
        const { customerId, ...rest } = raw;
        ctx.body = { ...rest, accountId: customerId };
      }
      const body = parseBody(ZProjectCreate, ctx);
      const template = requireReference(ctx.ws.data.projectTemplates, body.templateId, "templateId");
      checkRefs(ctx, body);
      const owner = resolveOwner(ctx, body);
      const stamp = ctx.ws.stamp();
      const project: ProjectRecord = {
        id: newId(),
        createdAt: stamp,
        updatedAt: stamp,
        name: body.name ?? template.projectName ?? template.name,
        ...owner,
        templateId: template.id,
        targetStartDate: isoOrNull(body.targetStartDate),
        targetCompletionDate: isoOrNull(body.targetCompletionDate),
        actualStartDate: null,
        actualCompletionDate: null,
        ownedByVitallyUserId: body.ownedByVitallyUserId ?? null,
        projectCategoryId: body.projectCategoryId ?? template.projectCategoryId,
        projectStatusId: body.projectStatusId ?? defaultStatusId(ctx),
        traits: mergeTraits(template.traits, body.traits),
        archivedAt: null,
      };
      ctx.ws.data.projects.set(project.id, project);
      return ok(presentProject(project));
    },
  },
  {
    method: "PUT",
    path: "/projects/:id",
    handler: (ctx) => {
      const project = requireRecord(ctx.ws.data.projects, ctx.params.id ?? "", "Project", false);
      const body = parseBody(ZProjectUpdate, ctx);
      checkRefs(ctx, body);
      const pick = <T>(sent: T | undefined, current: T) => (sent === undefined ? current : sent);
      const next: ProjectRecord = {
        ...project,
        name: body.name ?? project.name,
        targetStartDate: body.targetStartDate === undefined ? project.targetStartDate : isoOrNull(body.targetStartDate),
        targetCompletionDate:
          body.targetCompletionDate === undefined ? project.targetCompletionDate : isoOrNull(body.targetCompletionDate),
        projectStatusId: pick(body.projectStatusId, project.projectStatusId),
        projectCategoryId: pick(body.projectCategoryId, project.projectCategoryId),
        ownedByVitallyUserId: pick(body.ownedByVitallyUserId, project.ownedByVitallyUserId),
        traits: mergeTraits(project.traits, body.traits),
        updatedAt: ctx.ws.stamp(),
      };
      ctx.ws.data.projects.set(project.id, next);
      return ok(presentProject(next));
    },
  },
  {
    method: "DELETE",
    path: "/projects/:id",
    handler: (ctx) => {
      const project = ctx.ws.data.projects.get(ctx.params.id ?? "");
      if (!project) throw notFound("Project");
      const stamp = ctx.ws.stamp();
      const archived: ProjectRecord = { ...project, archivedAt: project.archivedAt ?? stamp, updatedAt: stamp };
      ctx.ws.data.projects.set(project.id, archived);
      return ok(presentProject(archived));
    },
  },
  {
    method: "GET",
    path: "/projectTemplates",
    handler: (ctx) => {
      const categoryId = ctx.query.get("categoryId");
      const keep = categoryId ? (t: { projectCategoryId: string | null }) => t.projectCategoryId === categoryId : () => true;
      return ok(paginate(filterValues(ctx.ws.data.projectTemplates, keep), parsePageQuery(ctx.query, ctx.strict), (t) => t));
    },
  },
  {
    method: "GET",
    path: "/projectCategories",
    handler: (ctx) => ok(paginate(ctx.ws.data.projectCategories.values(), parsePageQuery(ctx.query, ctx.strict), (c) => c)),
  },
];
