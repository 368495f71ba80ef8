import { badRequest, notFound } from "../errors";
import { presentNote } from "../presenters";
import { paginate, parsePageQuery } from "../pagination";
import { archivedFilter, filterValues, findByExternalId, isoOrNull, mergeTraits, newId, parseBody } from "../route-kit";
import { ok, type RouteContext, type RouteDef } from "../router";
import { ZNoteCreate, ZNoteUpdate } from "../schemas";
import type { NoteRecord } from "../types";
import { REST_SOURCE, checkAdmin, findOwnedItem, resolveOwner, sourceFilter } from "./owned-items";

/** Notes and note categories, reference §8.7. Notes are unique on externalId: POST upserts. */

function checkRefs(ctx: RouteContext, body: { authorId?: string | null; categoryId?: string | null }): void {
  checkAdmin(ctx, body.authorId, "authorId");
  if (body.categoryId && !ctx.ws.data.noteCategories.has(body.categoryId)) {
    throw badRequest(`categoryId: no note category with id "${body.categoryId}"`);
  }
}

function update(ctx: RouteContext, note: NoteRecord): NoteRecord {
  const body = parseBody(ZNoteUpdate, ctx);
  if (ctx.strict && body.externalId !== undefined && body.externalId !== note.externalId) {
    throw badRequest("externalId: can only be set on create");
  }
  checkRefs(ctx, body);
  const owner = resolveOwner(ctx, body, note);
  const next: NoteRecord = {
    ...note,
    ...owner,
    note: body.note ?? note.note,
    noteDate: body.noteDate === undefined ? note.noteDate : (isoOrNull(body.noteDate) as string),
    subject: body.subject === undefined ? note.subject : body.subject,
    authorId: body.authorId === undefined ? note.authorId : body.authorId,
    categoryId: body.categoryId === undefined ? note.categoryId : body.categoryId,
    // Tags are replaced wholesale (§8.7).
    tags: body.tags ?? note.tags,
    traits: mergeTraits(note.traits, body.traits),
    updatedAt: ctx.ws.stamp(),
  };
  ctx.ws.data.notes.set(note.id, next);
  return next;
}

export const noteRoutes: RouteDef[] = [
  {
    method: "GET",
    path: "/notes",
    handler: (ctx) => {
      const archived = archivedFilter(ctx.query, "active");
      const source = sourceFilter(ctx.query);
      const page = parsePageQuery(ctx.query, ctx.strict);
      return ok(paginate(filterValues(ctx.ws.data.notes, (n) => archived(n) && source(n)), page, (n) => presentNote(ctx.ws, n)));
    },
  },
  {
    method: "GET",
    path: "/notes/:id",
    handler: (ctx) => ok(presentNote(ctx.ws, findOwnedItem(ctx, ctx.ws.data.notes, "Note"))),
  },
  {
    method: "POST",
    path: "/notes",
    handler: (ctx) => {
      const body = parseBody(ZNoteCreate, ctx);
      const existing = findByExternalId(ctx.ws.data.notes.values(), body.externalId);
      if (existing) return ok(presentNote(ctx.ws, update(ctx, existing)));
      checkRefs(ctx, body);
      const owner = resolveOwner(ctx, body);
      const stamp = ctx.ws.stamp();
      const note: NoteRecord = {
        id: newId(),
        createdAt: stamp,
        updatedAt: stamp,
        externalId: body.externalId ?? null,
        ...owner,
        note: body.note,
        noteDate: isoOrNull(body.noteDate) as string,
        subject: body.subject ?? null,
        authorId: body.authorId ?? null,
        categoryId: body.categoryId ?? null,
        tags: body.tags ?? [],
        traits: mergeTraits({}, body.traits),
        source: REST_SOURCE,
        archivedAt: null,
      };
      ctx.ws.data.notes.set(note.id, note);
      return ok(presentNote(ctx.ws, note));
    },
  },
  {
    method: "PUT",
    path: "/notes/:id",
    handler: (ctx) => ok(presentNote(ctx.ws, update(ctx, findOwnedItem(ctx, ctx.ws.data.notes, "Note")))),
  },
  {
    method: "DELETE",
    path: "/notes/:id",
    handler: (ctx) => {
      // Delete takes the Vitally id only and archives (§8.7).
      const note = ctx.ws.data.notes.get(ctx.params.id ?? "");
      if (!note) throw notFound("Note");
      const stamp = ctx.ws.stamp();
      const archived: NoteRecord = { ...note, archivedAt: note.archivedAt ?? stamp, updatedAt: stamp };
      ctx.ws.data.notes.set(note.id, archived);
      return ok(presentNote(ctx.ws, archived));
    },
  },
  {
    method: "GET",
    path: "/noteCategories",
    handler: (ctx) => ok(paginate(ctx.ws.data.noteCategories.values(), parsePageQuery(ctx.query, ctx.strict), (c) => c)),
  },
];
