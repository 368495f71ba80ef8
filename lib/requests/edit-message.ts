import type { Prisma } from "@/generated/prisma/client";
import { db as defaultDb, type Db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/api/parse-input";
import { canonicalJson } from "@/lib/idempotency/hash-body";
import { findMessage } from "@/lib/requests/find-message";
import { lockRequest } from "@/lib/requests/lock-request";
import { ZEditMessageInput, type ApiMessage, type EditMessageInput } from "@/lib/requests/schemas";
import { readAttachments, toApiMessage } from "@/lib/requests/serialize";
import { recordThreadChange } from "@/lib/requests/touch-request";
import { WRITE_TX } from "@/lib/requests/write-transaction";

export type EditMessageResult = { message: ApiMessage; changed: boolean };

/**
 * Edits a message's text and/or attachments. An edit that changes nothing writes nothing and emits
 * nothing; otherwise editedAt is set, the request's version goes up and
 * `ferry/request.message-edited` is recorded in the same transaction. A deleted message cannot be
 * edited (409).
 */
export async function editMessage(
  input: { workspaceId: string; ref: string; messageRef: string; data: EditMessageInput },
  deps: { db?: Db; now?: () => Date } = {},
): Promise<EditMessageResult> {
  const db = deps.db ?? defaultDb();
  const now = deps.now ?? (() => new Date());
  const parsed = parseInput(ZEditMessageInput, input.data);

  return db.$transaction(async (tx) => {
    const request = await lockRequest(tx, input.workspaceId, input.ref);
    const message = await findMessage(tx, request.id, input.messageRef);
    if (message.deletedAt) throw new AppError("conflict", "This message was deleted; it can no longer be edited.");

    const text = parsed.text ?? message.text;
    const attachments = parsed.attachments
      ? parsed.attachments.map((a) => ({ name: a.name, url: a.url, size: a.size ?? null }))
      : readAttachments(message.attachments);
    if (text.trim().length === 0 && attachments.length === 0) {
      throw new AppError("invalid_input", "The request has invalid fields.", {
        text: ["A message needs text or at least one attachment."],
      });
    }
    const unchanged = text === message.text && canonicalJson(attachments) === canonicalJson(readAttachments(message.attachments));
    if (unchanged) return { message: toApiMessage(message), changed: false };

    const editedAt = parsed.editedAt ? new Date(parsed.editedAt) : now();
    const updated = await tx.requestMessage.update({
      where: { id: message.id },
      data: { text, attachments: attachments as Prisma.InputJsonValue, editedAt },
    });
    await recordThreadChange(tx, { request, message, event: "ferry/request.message-edited", at: editedAt });
    return { message: toApiMessage(updated), changed: true };
  }, WRITE_TX);
}
