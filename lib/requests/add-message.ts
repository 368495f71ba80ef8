import { randomUUID } from "node:crypto";
import type { Prisma } from "@/generated/prisma/client";
import { db as defaultDb, type Db } from "@/lib/db";
import { AppError, isUniqueViolation } from "@/lib/errors";
import { parseInput } from "@/lib/api/parse-input";
import { runIdempotent, type IdempotencyClaim, type IdempotentResult } from "@/lib/idempotency/run-idempotent";
import { lockRequest } from "@/lib/requests/lock-request";
import { messageColumns } from "@/lib/requests/map-input";
import { ZAddMessageInput, type AddMessageInput, type ApiMessage } from "@/lib/requests/schemas";
import { toApiMessage } from "@/lib/requests/serialize";
import { recordThreadChange } from "@/lib/requests/touch-request";
import { WRITE_TX } from "@/lib/requests/write-transaction";

/** Idempotency scope of adding a message: one key means nothing across requests. */
export const addMessageScope = (ref: string) => `POST /api/v1/requests/${ref}/messages`;

/**
 * Adds a message to a request's customer or internal thread; the request's version goes up and
 * `ferry/request.message-added` is recorded in the same transaction. 409 when the message's
 * externalId is already used on this request.
 */
export async function addMessage(
  input: { workspaceId: string; ref: string; data: AddMessageInput; idempotency?: IdempotencyClaim | null },
  deps: { db?: Db; now?: () => Date } = {},
): Promise<IdempotentResult<ApiMessage>> {
  const db = deps.db ?? defaultDb();
  const now = deps.now ?? (() => new Date());
  const parsed = parseInput(ZAddMessageInput, input.data);

  return runIdempotent(db, { workspaceId: input.workspaceId, claim: input.idempotency, status: 201, now, txOptions: WRITE_TX }, async (tx) => {
    const request = await lockRequest(tx, input.workspaceId, input.ref);
    const { attachments, ...columns } = messageColumns(parsed, now());
    let message;
    try {
      message = await tx.requestMessage.create({
        data: {
          ...columns,
          attachments: attachments as Prisma.InputJsonValue,
          id: randomUUID(),
          workspaceId: input.workspaceId,
          requestId: request.id,
        },
      });
    } catch (err) {
      if (isUniqueViolation(err, "externalId")) {
        throw new AppError("conflict", "This request already has a message with this externalId.", {
          externalId: ["Already used by another message of this request. Edit that message instead."],
        });
      }
      throw err;
    }
    await recordThreadChange(tx, { request, message, event: "ferry/request.message-added", at: message.sentAt });
    return toApiMessage(message);
  });
}
