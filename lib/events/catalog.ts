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
  /** An integration was connected, or its credentials/settings changed: (re)check the remote schema. */
  "ferry/integration.connected": z.object({ ...base, integrationId: z.string().uuid(), provider: z.enum(["VITALLY", "SALESFORCE"]) }),
  /** An integration that needed attention works again: push what was held back. */
  "ferry/integration.resumed": z.object({ ...base, integrationId: z.string().uuid(), provider: z.enum(["VITALLY", "SALESFORCE"]) }),
  /** One request should be pushed to one integration (fanned out from request events, retries, resumes). */
  "ferry/sync.push-requested": z.object({
    ...base,
    requestId: z.string().uuid(),
    integrationId: z.string().uuid(),
    provider: z.enum(["VITALLY", "SALESFORCE"]),
    /** Fingerprint of the destination API key: the throttle key shared by every push with that key. */
    budgetKey: z.string().min(1),
    trigger: z.string().min(1),
  }),
} as const;

export type EventName = keyof typeof EVENT_SCHEMAS;
export type EventPayload<N extends EventName> = z.infer<(typeof EVENT_SCHEMAS)[N]>;
export const EVENT_NAMES = Object.keys(EVENT_SCHEMAS) as EventName[];
