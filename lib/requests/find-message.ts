import type { RequestMessage } from "@/generated/prisma/client";
import type { Tx } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { parseMessageRef } from "@/lib/requests/request-ref";

/** A message of one (already locked) request, by Ferry id or "ext:<externalId>". */
export async function findMessage(tx: Tx, requestId: string, ref: string): Promise<RequestMessage> {
  const parsed = parseMessageRef(ref);
  if (!parsed) throw notFound("Message not found.");
  const message = await tx.requestMessage.findFirst({
    where: parsed.by === "id" ? { requestId, id: parsed.id } : { requestId, externalId: parsed.externalId },
  });
  if (!message) throw notFound("Message not found.");
  return message;
}
