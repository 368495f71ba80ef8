import { badRequest, notFound } from "../errors";
import { presentTask } from "../presenters";
import { paginate, parsePageQuery } from "../pagination";
import { archivedFilter, filterValues, findByExternalId, isoOrNull, mergeTraits, newId, parseBody } from "../route-kit";
import { ok, type RouteContext, type RouteDef } from "../router";
import { ZTaskCreate, ZTaskUpdate } from "../schemas";
import type { TaskRecord } from "../types";
import { REST_SOURCE, checkAdmin, findOwnedItem, resolveOwner, sourceFilter } from "./owned-items";

/** Tasks and task categories, reference §8.8. Tasks are unique on externalId: POST upserts. */

type TaskRefs = { assignedToId?: string | null; completedById?: string | null; categoryId?: string | null };

function checkRefs(ctx: RouteContext, body: TaskRefs): void {
  checkAdmin(ctx, body.assignedToId, "assignedToId");
  checkAdmin(ctx, body.completedById, "completedById");
  if (body.categoryId && !ctx.ws.data.taskCategories.has(body.categoryId)) {
    throw badRequest(`categoryId: no task category with id "${body.categoryId}"`);
  }
}

function pick<T>(sent: T | undefined, current: T): T {
  return sent === undefined ? current : sent;
}

function update(ctx: RouteContext, task: TaskRecord): TaskRecord {
  const body = parseBody(ZTaskUpdate, ctx);
  if (ctx.strict && body.externalId !== undefined && body.externalId !== task.externalId) {
    throw badRequest("externalId: can only be set on create");
  }
  checkRefs(ctx, body);
  const owner = resolveOwner(ctx, body, task);
  const next: TaskRecord = {
    ...task,
    ...owner,
    name: body.name ?? task.name,
    description: pick(body.description, task.description),
    dueDate: body.dueDate === undefined ? task.dueDate : isoOrNull(body.dueDate),
    assignedToId: pick(body.assignedToId, task.assignedToId),
    completedById: pick(body.completedById, task.completedById),
    completedAt: body.completedAt === undefined ? task.completedAt : isoOrNull(body.completedAt),
    categoryId: pick(body.categoryId, task.categoryId),
    tags: body.tags ?? task.tags,
    traits: mergeTraits(task.traits, body.traits),
    updatedAt: ctx.ws.stamp(),
  };
  ctx.ws.data.tasks.set(task.id, next);
  return next;
}

export const taskRoutes: RouteDef[] = [
  {
    method: "GET",
    path: "/tasks",
    handler: (ctx) => {
      const archived = archivedFilter(ctx.query, "active");
      const source = sourceFilter(ctx.query);
      const page = parsePageQuery(ctx.query, ctx.strict);
      return ok(paginate(filterValues(ctx.ws.data.tasks, (t) => archived(t) && source(t)), page, (t) => presentTask(ctx.ws, t)));
    },
  },
  {
    method: "GET",
    path: "/tasks/:id",
    handler: (ctx) => ok(presentTask(ctx.ws, findOwnedItem(ctx, ctx.ws.data.tasks, "Task"))),
  },
  {
    method: "POST",
    path: "/tasks",
    handler: (ctx) => {
      const body = parseBody(ZTaskCreate, ctx);
      const existing = findByExternalId(ctx.ws.data.tasks.values(), body.externalId);
      if (existing) return ok(presentTask(ctx.ws, update(ctx, existing)));
      checkRefs(ctx, body);
      const owner = resolveOwner(ctx, body);
      const stamp = ctx.ws.stamp();
      const task: TaskRecord = {
        id: newId(),
        createdAt: stamp,
        updatedAt: stamp,
        externalId: body.externalId ?? null,
        ...owner,
        name: body.name,
        description: body.description ?? null,
        dueDate: isoOrNull(body.dueDate),
        assignedToId: body.assignedToId ?? null,
        completedById: body.completedById ?? null,
        completedAt: isoOrNull(body.completedAt),
        createdById: null,
        categoryId: body.categoryId ?? null,
        tags: body.tags ?? [],
        traits: mergeTraits({}, body.traits),
        source: REST_SOURCE,
        archivedAt: null,
      };
      ctx.ws.data.tasks.set(task.id, task);
      return ok(presentTask(ctx.ws, task));
    },
  },
  {
    method: "PUT",
    path: "/tasks/:id",
    handler: (ctx) => ok(presentTask(ctx.ws, update(ctx, findOwnedItem(ctx, ctx.ws.data.tasks, "Task")))),
  },
  {
    method: "DELETE",
    path: "/tasks/:id",
    handler: (ctx) => {
      // Delete takes the Vitally id only and archives (§8.8).
      const task = ctx.ws.data.tasks.get(ctx.params.id ?? "");
      if (!task) throw notFound("Task");
      const stamp = ctx.ws.stamp();
      const archived: TaskRecord = { ...task, archivedAt: task.archivedAt ?? stamp, updatedAt: stamp };
      ctx.ws.data.tasks.set(task.id, archived);
      return ok(presentTask(ctx.ws, archived));
    },
  },
  {
    method: "GET",
    path: "/taskCategories",
    handler: (ctx) => ok(paginate(ctx.ws.data.taskCategories.values(), parsePageQuery(ctx.query, ctx.strict), (c) => c)),
  },
];
