import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { db } from "@/lib/db";

/**
 * Direct database access for specs, through Ferry's own lib against this run's database
 * (playwright.config.ts points DATABASE_URL at it before any worker loads lib/env).
 */
export { db };

/** A fresh API token for a workspace, created as its owner would in Settings. */
export async function apiTokenFor(workspaceSlug: string, name = `e2e ${Date.now()}`) {
  const owner = await db().membership.findFirstOrThrow({
    where: { workspace: { slug: workspaceSlug }, role: "OWNER" },
    select: { userId: true, role: true, workspaceId: true },
  });
  const { secret } = await createApiToken({
    workspaceId: owner.workspaceId,
    actor: { userId: owner.userId, role: owner.role },
    data: { name },
  });
  return secret;
}

/** Polls `read` until it returns a truthy value (or throws after `timeoutMs`). */
export async function eventually<T>(read: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
