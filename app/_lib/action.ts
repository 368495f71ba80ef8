import type { z } from "zod";
import { AppError, invalidInput, type AppErrorCode, type FieldErrors } from "@/lib/errors";
import { currentUserId } from "@/lib/auth/session";
import { requireMember, type MemberContext } from "@/lib/auth/require-member";
import type { Capability } from "@/lib/auth/roles";
import { log } from "@/lib/log";

/** What every server action answers: data, or an error with the fields at fault. Never throws. */
export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: { code: AppErrorCode; message: string }; fields?: FieldErrors };

function failure(err: unknown, where: string): { ok: false; error: { code: AppErrorCode; message: string }; fields?: FieldErrors } {
  if (err instanceof AppError) {
    return { ok: false, error: { code: err.code, message: err.message }, ...(err.fields ? { fields: err.fields } : {}) };
  }
  log.error("dashboard.edge_failed", { where, error: err instanceof Error ? err.message : String(err) });
  return { ok: false, error: { code: "unavailable", message: "Something went wrong on our side. Try again in a moment." } };
}

function fromForm(raw: unknown): unknown {
  return raw instanceof FormData ? Object.fromEntries(raw.entries()) : raw;
}

/**
 * The one path of every workspace edge (action or dashboard route): member and capability first,
 * so nobody learns anything about input they may not send, then zod, then the use case.
 */
export async function runInWorkspace<S extends z.ZodType, O>(
  where: string,
  def: { capability: Capability; input: S; run: (member: MemberContext, input: z.output<S>) => Promise<O> },
  actorUserId: string | null,
  workspaceSlug: unknown,
  raw: unknown,
): Promise<ActionResult<O>> {
  try {
    if (typeof workspaceSlug !== "string") throw new AppError("not_found", "Not found");
    const member = await requireMember({ userId: actorUserId, workspaceSlug, capability: def.capability });
    const parsed = def.input.safeParse(fromForm(raw));
    if (!parsed.success) throw invalidInput(parsed.error.issues, "Some fields need your attention.");
    return { ok: true, data: await def.run(member, parsed.data) };
  } catch (err) {
    return failure(err, where);
  }
}

export type WorkspaceAction<I, O> = ((workspaceSlug: string, input: I | FormData) => Promise<ActionResult<O>>) & {
  kind: "action";
  capability: Capability;
  /** The same action with an explicit actor (tests and scripts). */
  run: (actorUserId: string | null, workspaceSlug: string, input: unknown) => Promise<ActionResult<O>>;
};

/** A server action on a workspace: `export const doThing = defineAction({...})` in a "use server" file. */
export function defineAction<S extends z.ZodType, O>(def: {
  name: string;
  capability: Capability;
  input: S;
  run: (member: MemberContext, input: z.output<S>) => Promise<O>;
}): WorkspaceAction<z.input<S>, O> {
  const run = (actorUserId: string | null, workspaceSlug: string, input: unknown) =>
    runInWorkspace(def.name, def, actorUserId, workspaceSlug, input);
  const action = async (workspaceSlug: string, input: z.input<S> | FormData) => run(await currentUserId(), workspaceSlug, input);
  return Object.assign(action, { kind: "action" as const, capability: def.capability, run });
}

export type UserAction<I, O> = ((input: I | FormData) => Promise<ActionResult<O>>) & {
  kind: "user-action";
  run: (actorUserId: string | null, input: unknown) => Promise<ActionResult<O>>;
};

/** A server action on the signed-in user's own account, outside any workspace (e.g. set a new password). */
export function defineUserAction<S extends z.ZodType, O>(def: {
  name: string;
  input: S;
  run: (userId: string, input: z.output<S>) => Promise<O>;
}): UserAction<z.input<S>, O> {
  const run = async (actorUserId: string | null, raw: unknown): Promise<ActionResult<O>> => {
    try {
      if (!actorUserId) throw new AppError("unauthenticated", "Sign in to continue.");
      const parsed = def.input.safeParse(fromForm(raw));
      if (!parsed.success) throw invalidInput(parsed.error.issues, "Some fields need your attention.");
      return { ok: true, data: await def.run(actorUserId, parsed.data) };
    } catch (err) {
      return failure(err, def.name);
    }
  };
  const action = async (input: z.input<S> | FormData) => run(await currentUserId(), input);
  return Object.assign(action, { kind: "user-action" as const, run });
}
