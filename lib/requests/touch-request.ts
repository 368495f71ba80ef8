import type { Request, RequestMessage } from "@/generated/prisma/client";
import type { Tx } from "@/lib/db";
import { recordEvent } from "@/lib/outbox/record-event";

type ThreadEvent = "ferry/request.message-added" | "ferry/request.message-edited" | "ferry/request.message-deleted";

/**
 * Records a change to a request's threads, in the caller's transaction: the request's version goes
 * up by one, updatedAt moves forward to `at` (never back: the platform counts new messages as
 * updates to the request), and the event is recorded with the new version.
 */
export async function recordThreadChange(
  tx: Tx,
  input: { request: Request; message: Pick<RequestMessage, "id" | "thread">; event: ThreadEvent; at: Date },
): Promise<Request> {
  const { request, message } = input;
  const touched = await tx.request.update({
    where: { id: request.id },
    data: {
      version: { increment: 1 },
      ...(input.at.getTime() > request.updatedAt.getTime() ? { updatedAt: input.at } : {}),
    },
  });
  await recordEvent(tx, {
    name: input.event,
    payload: {
      workspaceId: request.workspaceId,
      requestId: request.id,
      number: touched.number,
      version: touched.version,
      messageId: message.id,
      thread: message.thread,
    },
    aggregateType: "request",
    aggregateId: request.id,
  });
  return touched;
}
