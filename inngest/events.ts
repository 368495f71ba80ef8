import { eventType } from "inngest";
import { EVENT_SCHEMAS } from "@/lib/events/catalog";

/** Typed Inngest events, one per entry of lib/events/catalog.ts. */
export const requestCreated = eventType("ferry/request.created", { schema: EVENT_SCHEMAS["ferry/request.created"] });
export const requestUpdated = eventType("ferry/request.updated", { schema: EVENT_SCHEMAS["ferry/request.updated"] });
export const requestMessageAdded = eventType("ferry/request.message-added", {
  schema: EVENT_SCHEMAS["ferry/request.message-added"],
});
export const requestMessageEdited = eventType("ferry/request.message-edited", {
  schema: EVENT_SCHEMAS["ferry/request.message-edited"],
});
export const requestMessageDeleted = eventType("ferry/request.message-deleted", {
  schema: EVENT_SCHEMAS["ferry/request.message-deleted"],
});
export const customFieldUpserted = eventType("ferry/custom-field.upserted", {
  schema: EVENT_SCHEMAS["ferry/custom-field.upserted"],
});
export const integrationConnected = eventType("ferry/integration.connected", {
  schema: EVENT_SCHEMAS["ferry/integration.connected"],
});
export const integrationResumed = eventType("ferry/integration.resumed", {
  schema: EVENT_SCHEMAS["ferry/integration.resumed"],
});
export const syncPushRequested = eventType("ferry/sync.push-requested", {
  schema: EVENT_SCHEMAS["ferry/sync.push-requested"],
});
