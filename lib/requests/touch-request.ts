import type { Request } from "@/generated/prisma/client";
import type { Tx } from "@/lib/db";

/**
 * A change to a request's threads: the version goes up by one and updatedAt moves forward to the
 * message's time (never back), since the platform counts new messages as updates to the request.
 */
export async function touchRequest(tx: Tx, request: Request, at: Date): Promise<Request> {
  return tx.request.update({
    where: { id: request.id },
    data: {
      version: { increment: 1 },
      ...(at.getTime() > request.updatedAt.getTime() ? { updatedAt: at } : {}),
    },
  });
}
