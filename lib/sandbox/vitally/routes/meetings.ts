import { badRequest, notFound } from "../errors";
import { presentMeeting } from "../presenters";
import { paginate, parsePageQuery } from "../pagination";
import {
  filterValues,
  findByExternalId,
  findRecord,
  isoOrNull,
  mergeTraits,
  newId,
  omitKeys,
  parseBody,
  rejectDuplicateExternalId,
  requireRecord,
} from "../route-kit";
import { ok, type RouteContext, type RouteDef } from "../router";
import {
  ZMeetingCreate,
  ZMeetingParticipant,
  ZMeetingUpdate,
  ZTranscriptInput,
  type MeetingParticipantInput,
} from "../schemas";
import type { MeetingParticipant, MeetingRecord, MeetingTranscriptRecord, TranscriptMonologue, UserRecord } from "../types";

/** Meetings, participants and transcripts, reference §8.11. */

/** The customer user a participant stands for, if any (userId: Vitally id or externalId, §16 q10). */
function participantUser(ctx: RouteContext, p: MeetingParticipant): UserRecord | undefined {
  if (p.userId) return findRecord(ctx.ws.data.users, p.userId, true);
  if (p.email) return [...ctx.ws.data.users.values()].find((u) => u.email === p.email);
  return undefined;
}

function toParticipant(ctx: RouteContext, input: MeetingParticipantInput, field: string): MeetingParticipant {
  if (input.userId !== undefined && !findRecord(ctx.ws.data.users, input.userId, true)) {
    throw badRequest(`${field}.userId: no user with id "${input.userId}"`);
  }
  if (input.vitallyUserId !== undefined && !ctx.ws.data.admins.has(input.vitallyUserId)) {
    throw badRequest(`${field}.vitallyUserId: no admin with id "${input.vitallyUserId}"`);
  }
  return {
    id: newId(),
    type: input.type,
    userId: input.userId ?? null,
    vitallyUserId: input.vitallyUserId ?? null,
    email: input.email ?? null,
    responseStatus: input.responseStatus ?? null,
    isOrganizer: input.isOrganizer ?? input.type === "organizer",
  };
}

/** Strict: REST-created meetings keep no customer links (CLI OBS); lenient: derived from participants. */
function customerLinks(ctx: RouteContext, participants: MeetingParticipant[], current: Pick<MeetingRecord, "accountIds" | "organizationIds">) {
  if (ctx.strict) return { accountIds: current.accountIds, organizationIds: current.organizationIds };
  const accountIds = new Set(current.accountIds);
  const organizationIds = new Set(current.organizationIds);
  for (const p of participants) {
    const user = participantUser(ctx, p);
    user?.accountIds.forEach((id) => accountIds.add(id));
    user?.organizationIds.forEach((id) => organizationIds.add(id));
  }
  return { accountIds: [...accountIds], organizationIds: [...organizationIds] };
}

function saveTranscript(ctx: RouteContext, meetingId: string, transcript: TranscriptMonologue[]): MeetingTranscriptRecord {
  const stamp = ctx.ws.stamp();
  const existing = [...ctx.ws.data.meetingTranscripts.values()].find((t) => t.meetingId === meetingId);
  const record: MeetingTranscriptRecord = {
    id: existing?.id ?? newId(),
    createdAt: existing?.createdAt ?? stamp,
    updatedAt: stamp,
    meetingId,
    transcript,
  };
  ctx.ws.data.meetingTranscripts.set(record.id, record);
  return record;
}

function getMeeting(ctx: RouteContext): MeetingRecord {
  return requireRecord(ctx.ws.data.meetings, ctx.params.id ?? "", "Meeting", true);
}

function save(ctx: RouteContext, meeting: MeetingRecord): MeetingRecord {
  const next = { ...meeting, updatedAt: ctx.ws.stamp() };
  ctx.ws.data.meetings.set(meeting.id, next);
  return next;
}

function update(ctx: RouteContext, meeting: MeetingRecord): MeetingRecord {
  if (meeting.archivedAt) throw badRequest("Meeting is archived and cannot be updated");
  const body = parseBody(ZMeetingUpdate, ctx);
  const pick = <T>(sent: T | undefined, current: T) => (sent === undefined ? current : sent);
  return save(ctx, {
    ...meeting,
    title: body.title ?? meeting.title,
    description: pick(body.description, meeting.description),
    location: pick(body.location, meeting.location),
    startDateTime: body.startDateTime === undefined ? meeting.startDateTime : isoOrNull(body.startDateTime),
    endDateTime: body.endDateTime === undefined ? meeting.endDateTime : isoOrNull(body.endDateTime),
    recordingUrl: pick(body.recordingUrl, meeting.recordingUrl),
    summary: pick(body.summary, meeting.summary),
    keyPoints: body.keyPoints ?? meeting.keyPoints,
    riskAssessment: pick(body.riskAssessment, meeting.riskAssessment),
    traits: mergeTraits(meeting.traits, body.traits),
  });
}

export const meetingRoutes: RouteDef[] = [
  {
    method: "GET",
    path: "/meetings",
    handler: (ctx) => {
      // `archived=true` includes archived meetings (§8.11).
      const archived = ctx.query.get("archived");
      if (archived !== null && archived !== "true" && archived !== "false") throw badRequest("archived must be true or false");
      const keep = (m: MeetingRecord) => archived === "true" || m.archivedAt === null;
      return ok(paginate(filterValues(ctx.ws.data.meetings, keep), parsePageQuery(ctx.query, ctx.strict), (m) => presentMeeting(ctx.ws, m)));
    },
  },
  { method: "GET", path: "/meetings/:id", handler: (ctx) => ok(presentMeeting(ctx.ws, getMeeting(ctx))) },
  {
    method: "POST",
    path: "/meetings",
    handler: (ctx) => {
      const body = parseBody(ZMeetingCreate, ctx);
      const existing = findByExternalId(ctx.ws.data.meetings.values(), body.externalId);
      if (existing) {
        rejectDuplicateExternalId(ctx, "meeting", body.externalId);
        ctx.body = omitKeys(body, ["externalId", "participants", "source", "transcript"]);
        const updated = update(ctx, existing);
        if (body.transcript) saveTranscript(ctx, updated.id, body.transcript);
        return ok(presentMeeting(ctx.ws, updated));
      }
      const participants = body.participants.map((p, i) => toParticipant(ctx, p, `participants[${i}]`));
      if (ctx.strict && !participants.some((p) => participantUser(ctx, p))) {
        throw badRequest("participants: at least one participant must be a customer user");
      }
      const stamp = ctx.ws.stamp();
      const meeting: MeetingRecord = {
        id: newId(),
        createdAt: stamp,
        updatedAt: stamp,
        externalId: body.externalId,
        title: body.title,
        description: body.description ?? null,
        location: body.location ?? null,
        startDateTime: isoOrNull(body.startDateTime),
        endDateTime: isoOrNull(body.endDateTime),
        recordingUrl: body.recordingUrl ?? null,
        summary: body.summary ?? null,
        keyPoints: body.keyPoints ?? [],
        riskAssessment: body.riskAssessment ?? null,
        source: body.source ?? null,
        externalStatus: null,
        participants,
        ...customerLinks(ctx, participants, { accountIds: [], organizationIds: [] }),
        traits: mergeTraits({}, body.traits),
        archivedAt: null,
      };
      ctx.ws.data.meetings.set(meeting.id, meeting);
      if (body.transcript) saveTranscript(ctx, meeting.id, body.transcript);
      return ok(presentMeeting(ctx.ws, meeting));
    },
  },
  { method: "PUT", path: "/meetings/:id", handler: (ctx) => ok(presentMeeting(ctx.ws, update(ctx, getMeeting(ctx)))) },
  {
    method: "DELETE",
    path: "/meetings/:id",
    handler: (ctx) => {
      const meeting = getMeeting(ctx);
      return ok(presentMeeting(ctx.ws, save(ctx, { ...meeting, archivedAt: meeting.archivedAt ?? ctx.ws.stamp() })));
    },
  },
  {
    method: "POST",
    path: "/meetings/:id/participants",
    handler: (ctx) => {
      const meeting = getMeeting(ctx);
      const input = parseBody(ZMeetingParticipant, ctx);
      const participant = toParticipant(ctx, input, "participant");
      const participants = [...meeting.participants, participant];
      const links = customerLinks(ctx, participants, meeting);
      return ok(presentMeeting(ctx.ws, save(ctx, { ...meeting, participants, ...links })));
    },
  },
  {
    method: "DELETE",
    path: "/meetings/:id/participants/:participantId",
    handler: (ctx) => {
      const meeting = getMeeting(ctx);
      const participants = meeting.participants.filter((p) => p.id !== ctx.params.participantId);
      if (participants.length === meeting.participants.length) throw notFound("Participant");
      return ok(presentMeeting(ctx.ws, save(ctx, { ...meeting, participants })));
    },
  },
  {
    method: "GET",
    path: "/meetings/:id/transcript",
    handler: (ctx) => {
      const meeting = getMeeting(ctx);
      const transcript = [...ctx.ws.data.meetingTranscripts.values()].find((t) => t.meetingId === meeting.id);
      if (!transcript) throw notFound("Transcript");
      return ok(transcript);
    },
  },
  {
    method: "POST",
    path: "/meetings/:id/transcript",
    handler: (ctx) => {
      const meeting = getMeeting(ctx);
      const body = parseBody(ZTranscriptInput, ctx);
      const transcript = saveTranscript(ctx, meeting.id, body.transcript);
      save(ctx, meeting);
      return ok(transcript);
    },
  },
  {
    method: "GET",
    path: "/meetingTranscripts",
    handler: (ctx) => ok(paginate(ctx.ws.data.meetingTranscripts.values(), parsePageQuery(ctx.query, ctx.strict), (t) => t)),
  },
  {
    method: "GET",
    path: "/meetingTranscripts/:id",
    handler: (ctx) => ok(requireRecord(ctx.ws.data.meetingTranscripts, ctx.params.id ?? "", "Transcript", false)),
  },
];
