import type { Tx } from "@/lib/db";
import { EVENT_SCHEMAS, type EventName, type EventPayload } from "@/lib/events/catalog";

/**
 * Records an event in the outbox. Must be called with the transaction that makes the change, so
 * the event exists if and only if the change was committed.
 */
export async function recordEvent<N extends EventName>(
  tx: Tx,
  input: { name: N; payload: EventPayload<N>; aggregateType: "request" | "custom_field" | "integration"; aggregateId: string },
): Promise<void> {
  const payload = EVENT_SCHEMAS[input.name].parse(input.payload);
  await tx.outboxEvent.create({
    data: {
      workspaceId: payload.workspaceId,
      name: input.name,
      aggregateType: input.aggregateType,
      aggregateId: input.aggregateId,
      payload,
    },
  });
}
