import { db as defaultDb, type Db } from "@/lib/db";
import { findMessage } from "@/lib/requests/find-message";
import { lockRequest } from "@/lib/requests/lock-request";
import type { ApiMessage } from "@/lib/requests/schemas";
import { toApiMessage } from "@/lib/requests/serialize";
import { recordThreadChange } from "@/lib/requests/touch-request";
import { WRITE_TX } from "@/lib/requests/write-transaction";

export type DeleteMessageResult = { message: ApiMessage; changed: boolean };

/**
 * Soft-deletes a message (sets deletedAt; the row stays for the audit trail and is left out of
 * reads). The request's version goes up and `ferry/request.message-deleted` is recorded in the same
 * transaction. Deleting an already deleted message changes nothing and emits nothing.
 */
export async function deleteMessage(
  input: { workspaceId: string; ref: string; messageRef: string },
  deps: { db?: Db; now?: () => Date } = {},
): Promise<DeleteMessageResult> {
  const db = deps.db ?? defaultDb();
  const now = deps.now ?? (() => new Date());

  return db.$transaction(async (tx) => {
    const request = await lockRequest(tx, input.workspaceId, input.ref);
    const message = await findMessage(tx, request.id, input.messageRef);
    if (message.deletedAt) return { message: toApiMessage(message), changed: false };

    const deletedAt = now();
    const deleted = await tx.requestMessage.update({ where: { id: message.id }, data: { deletedAt } });
    await recordThreadChange(tx, { request, message, event: "ferry/request.message-deleted", at: deletedAt });
    return { message: toApiMessage(deleted), changed: true };
  }, WRITE_TX);
}
