import { z } from "zod";

/**
 * Every event Ferry emits, with its payload schema. Payloads carry ids and the request's version,
 * never a snapshot: consumers read the latest state, so an old event can never write old data.
 * inngest/events.ts turns these into Inngest event types.
 */
const base = { workspaceId: z.string().uuid() };
const requestRef = { ...base, requestId: z.string().uuid(), number: z.number().int().positive(), version: z.number().int().positive() };

export const EVENT_SCHEMAS = {
  "ferry/request.created": z.object({ ...requestRef }),
  "ferry/request.updated": z.object({ ...requestRef, changed: z.array(z.string()) }),
  "ferry/request.message-added": z.object({ ...requestRef, messageId: z.string().uuid(), thread: z.enum(["CUSTOMER", "INTERNAL"]) }),
  "ferry/request.message-edited": z.object({ ...requestRef, messageId: z.string().uuid(), thread: z.enum(["CUSTOMER", "INTERNAL"]) }),
  "ferry/request.message-deleted": z.object({ ...requestRef, messageId: z.string().uuid(), thread: z.enum(["CUSTOMER", "INTERNAL"]) }),
  "ferry/custom-field.upserted": z.object({
    ...base,
    customFieldId: z.string().uuid(),
    key: z.string(),
    change: z.enum(["created", "updated"]),
  }),
} as const;

export type EventName = keyof typeof EVENT_SCHEMAS;
export type EventPayload<N extends EventName> = z.infer<(typeof EVENT_SCHEMAS)[N]>;
export const EVENT_NAMES = Object.keys(EVENT_SCHEMAS) as EventName[];
