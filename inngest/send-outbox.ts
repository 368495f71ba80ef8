import { inngest } from "@/inngest/client";
import type { OutgoingEvent } from "@/lib/outbox/relay";

/** Sends outbox rows to Inngest; the row id is the event id, so a re-send is deduplicated. */
export async function sendOutboxEvents(events: OutgoingEvent[]) {
  if (events.length === 0) return;
  await inngest.send(events.map((e) => ({ id: e.id, name: e.name, data: e.data, ts: e.ts })));
}
