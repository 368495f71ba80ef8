import { NextResponse, type NextRequest } from "next/server";
import type { z } from "zod";
import { AppError, type AppErrorCode, type FieldErrors } from "@/lib/errors";
import { currentUserId } from "@/lib/auth/session";
import type { MemberContext } from "@/lib/auth/require-member";
import type { Capability } from "@/lib/auth/roles";
import { runInWorkspace } from "@/app/_lib/action";

export type RouteResult<O> =
  | { status: 200; body: O }
  | { status: number; body: { error: { code: AppErrorCode; message: string; fields?: FieldErrors } } };

type RouteContext = { params: Promise<{ workspace: string }> };

export type WorkspaceRoute<O> = ((req: NextRequest, ctx: RouteContext) => Promise<NextResponse>) & {
  kind: "route";
  method: "GET";
  capability: Capability;
  /** The same route with an explicit actor; input is what the search params hold. */
  run: (actorUserId: string | null, workspaceSlug: string, input: unknown) => Promise<RouteResult<O>>;
};

/**
 * A session-authenticated JSON route for the dashboard's client components, under
 * /api/w/[workspace]/…: `export const GET = defineWorkspaceRoute({...})`. Input comes from the search
 * params; errors are `{ error: { code, message, fields } }` with the matching HTTP status.
 */
export function defineWorkspaceRoute<S extends z.ZodType, O>(def: {
  name: string;
  capability: Capability;
  input: S;
  run: (member: MemberContext, input: z.output<S>) => Promise<O>;
}): WorkspaceRoute<O> {
  const run = async (actorUserId: string | null, workspaceSlug: string, input: unknown): Promise<RouteResult<O>> => {
    const result = await runInWorkspace(def.name, def, actorUserId, workspaceSlug, input);
    if (result.ok) return { status: 200, body: result.data };
    const status = new AppError(result.error.code, result.error.message).status;
    return { status, body: { error: { ...result.error, ...(result.fields ? { fields: result.fields } : {}) } } };
  };
  const handler = async (req: NextRequest, ctx: RouteContext) => {
    const { workspace } = await ctx.params;
    const result = await run(await currentUserId(), workspace, Object.fromEntries(req.nextUrl.searchParams.entries()));
    return NextResponse.json(result.body, { status: result.status, headers: { "Cache-Control": "private, no-store" } });
  };
  return Object.assign(handler, { kind: "route" as const, method: "GET" as const, capability: def.capability, run });
}
