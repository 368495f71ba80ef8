import { SandboxHttpError, badRequest } from "../errors";
import { messagesOf, presentConversation, presentConversationRow, presentMessage } from "../presenters";
import { paginate, parsePageQuery } from "../pagination";
import {
  findByExternalId,
  findRecord,
  guardCreateOnlyExternalId,
  isoOrNull,
  mergeTraits,
  newId,
  parseBody,
  rejectDuplicateExternalId,
  requireRecord,
} from "../route-kit";
import { ok, type RouteContext, type RouteDef } from "../router";
import { ZConversationCreate, ZConversationUpdate, ZMessageInput, type MessageInput } from "../schemas";
import type { ConversationRecord, MessageRecord, Participant } from "../types";

/**
 * Conversations (reference §8.5) and messages (§8.6). They only record conversations; nothing is
 * sent. A message's `type` follows its sender: a user writes inbound, an admin outbound (GUESS, §8.6).
 */

function checkParticipant(ctx: RouteContext, p: Participant, field: string): void {
  const map = p.type === "user" ? ctx.ws.data.users : ctx.ws.data.admins;
  if (!map.has(p.id)) throw badRequest(`${field}.id: no ${p.type} with id "${p.id}"`);
}

function checkMessage(ctx: RouteContext, m: MessageInput, field: string): void {
  checkParticipant(ctx, m.from, `${field}.from`);
  m.to.forEach((p, i) => checkParticipant(ctx, p, `${field}.to[${i}]`));
  m.cc?.forEach((p, i) => checkParticipant(ctx, p, `${field}.cc[${i}]`));
  m.bcc?.forEach((p, i) => checkParticipant(ctx, p, `${field}.bcc[${i}]`));
}

/** Inserts messages, or updates those whose externalId the conversation already has. */
function upsertMessage(ctx: RouteContext, conversationId: string, m: MessageInput): MessageRecord {
  const stamp = ctx.ws.stamp();
  const existing = messagesOf(ctx.ws, conversationId).find((x) => x.externalId === m.externalId);
  const record: MessageRecord = {
    id: existing?.id ?? newId(),
    createdAt: existing?.createdAt ?? stamp,
    updatedAt: stamp,
    conversationId,
    externalId: m.externalId,
    type: m.from.type === "user" ? "inbound" : "outbound",
    message: m.message,
    timestamp: isoOrNull(m.timestamp) ?? existing?.timestamp ?? stamp,
    from: m.from,
    to: m.to,
    cc: m.cc ?? [],
    bcc: m.bcc ?? [],
  };
  ctx.ws.data.messages.set(record.id, record);
  return record;
}

function update(ctx: RouteContext, conv: ConversationRecord): ConversationRecord {
  const body = parseBody(ZConversationUpdate, ctx);
  guardCreateOnlyExternalId(ctx, conv.externalId, body.externalId);
  body.messages?.forEach((m, i) => checkMessage(ctx, m, `messages[${i}]`));
  body.messages?.forEach((m) => upsertMessage(ctx, conv.id, m));
  const next: ConversationRecord = {
    ...conv,
    subject: body.subject ?? conv.subject,
    traits: mergeTraits(conv.traits, body.traits),
    updatedAt: ctx.ws.stamp(),
  };
  ctx.ws.data.conversations.set(conv.id, next);
  return next;
}

function getConversation(ctx: RouteContext, ref: string): ConversationRecord {
  // Conversations are not documented to accept an externalId in the path (§3.1).
  return requireRecord(ctx.ws.data.conversations, ref, "Conversation", !ctx.strict);
}

function touch(ctx: RouteContext, conv: ConversationRecord): void {
  ctx.ws.data.conversations.set(conv.id, { ...conv, updatedAt: ctx.ws.stamp() });
}

export const conversationRoutes: RouteDef[] = [
  {
    method: "GET",
    path: "/conversations",
    handler: (ctx) => ok(paginate(ctx.ws.data.conversations.values(), parsePageQuery(ctx.query, ctx.strict), presentConversationRow)),
  },
  {
    method: "GET",
    path: "/conversations/:id",
    handler: (ctx) => ok(presentConversation(ctx.ws, getConversation(ctx, ctx.params.id ?? ""))),
  },
  {
    method: "POST",
    path: "/conversations",
    handler: (ctx) => {
      const body = parseBody(ZConversationCreate, ctx);
      if (ctx.strict && body.subject === undefined) throw badRequest("subject is required");
      if (ctx.strict && body.messages === undefined) throw badRequest("messages is required");
      const existing = findByExternalId(ctx.ws.data.conversations.values(), body.externalId);
      if (existing && body.externalId) {
        rejectDuplicateExternalId(ctx, "conversation", body.externalId);
        return ok(presentConversation(ctx.ws, update(ctx, existing)));
      }
      body.messages?.forEach((m, i) => checkMessage(ctx, m, `messages[${i}]`));
      const stamp = ctx.ws.stamp();
      const conv: ConversationRecord = {
        id: newId(),
        createdAt: stamp,
        updatedAt: stamp,
        externalId: body.externalId ?? null,
        subject: body.subject ?? null,
        traits: mergeTraits({}, body.traits),
        status: "open",
        rating: null,
        source: null,
      };
      ctx.ws.data.conversations.set(conv.id, conv);
      body.messages?.forEach((m) => upsertMessage(ctx, conv.id, m));
      return ok(presentConversation(ctx.ws, conv));
    },
  },
  {
    method: "PUT",
    path: "/conversations/:id",
    handler: (ctx) => ok(presentConversation(ctx.ws, update(ctx, getConversation(ctx, ctx.params.id ?? "")))),
  },
  {
    method: "DELETE",
    path: "/conversations/:id",
    handler: (ctx) => {
      const conv = getConversation(ctx, ctx.params.id ?? "");
      const shown = presentConversation(ctx.ws, conv);
      for (const m of messagesOf(ctx.ws, conv.id)) ctx.ws.data.messages.delete(m.id);
      ctx.ws.data.conversations.delete(conv.id);
      return ok(shown);
    },
  },
  {
    method: "GET",
    path: "/conversations/:id/messages",
    handler: (ctx) => {
      // Used only by FT and unverified (§16 q15): strict answers as for an unknown route.
      if (ctx.strict) throw new SandboxHttpError(404, { message: "Not found" });
      const conv = getConversation(ctx, ctx.params.id ?? "");
      return ok(paginate(messagesOf(ctx.ws, conv.id), parsePageQuery(ctx.query, ctx.strict), presentMessage));
    },
  },
  {
    method: "POST",
    path: "/conversations/:id/messages",
    handler: (ctx) => {
      const conv = getConversation(ctx, ctx.params.id ?? "");
      const body = parseBody(ZMessageInput, ctx);
      checkMessage(ctx, body, "message");
      const duplicate = messagesOf(ctx.ws, conv.id).some((m) => m.externalId === body.externalId);
      if (duplicate) rejectDuplicateExternalId(ctx, "message in this conversation", body.externalId);
      const message = upsertMessage(ctx, conv.id, body);
      touch(ctx, conv);
      return ok(presentMessage(message));
    },
  },
  {
    method: "GET",
    path: "/messages/:id",
    handler: (ctx) => ok(presentMessage(requireRecord(ctx.ws.data.messages, ctx.params.id ?? "", "Message", true))),
  },
  {
    method: "DELETE",
    path: "/messages/:id",
    handler: (ctx) => {
      // Delete takes the Vitally id only (REF, §8.6).
      const message = findRecord(ctx.ws.data.messages, ctx.params.id ?? "", !ctx.strict);
      if (!message) throw new SandboxHttpError(404, { message: "Message not found" });
      ctx.ws.data.messages.delete(message.id);
      const conv = ctx.ws.data.conversations.get(message.conversationId);
      if (conv) touch(ctx, conv);
      return ok(presentMessage(message));
    },
  },
];
