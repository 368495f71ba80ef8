import { after, NextResponse, type NextRequest } from "next/server";
import { kickOutbox } from "@/inngest/outbox-kick";
import { currentUserId } from "@/lib/auth/session";
import { appUrl } from "@/lib/env";
import { log } from "@/lib/log";
import { completeSalesforceConnect } from "@/lib/integrations/salesforce/complete-salesforce-connect";
import { CONNECT_FAILURES, SalesforceConnectError, type ConnectFailureReason } from "@/lib/integrations/salesforce/connect-failures";

/**
 * GET: where Salesforce sends the browser back after "Allow". The sign-in is checked and completed
 * by completeSalesforceConnect; the browser then goes to the workspace's Integrations page with
 * one word for what happened (`?salesforce=connected` or `?salesforce_error=<reason>` from a closed
 * list). Nothing the URL carried is ever echoed. Registered in app/_lib/registry.ts OTHER_EDGES.
 */
const NO_STORE = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };
const param = (req: NextRequest, name: string) => req.nextUrl.searchParams.get(name)?.slice(0, 2048) ?? null;

function redirectTo(path: string) {
  return NextResponse.redirect(new URL(path, `${appUrl()}/`), { status: 303, headers: NO_STORE });
}

/** A workspace could not be told apart: a plain page with the fixed words for the reason. */
function page(reason: ConnectFailureReason) {
  const { title, text } = CONNECT_FAILURES[reason];
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Salesforce not connected · Ferry</title><meta name="viewport" content="width=device-width,initial-scale=1"></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#18181b">
<h1 style="font-size:1.125rem">${title}</h1><p style="color:#52525b">${text}</p>
<p><a href="${reason === "signed_out" ? "/login" : "/"}" style="color:#4f46e5">${reason === "signed_out" ? "Sign in to Ferry" : "Back to Ferry"}</a></p></body></html>`;
  return new NextResponse(html, { status: 400, headers: { ...NO_STORE, "Content-Type": "text/html; charset=utf-8" } });
}

export async function GET(req: NextRequest) {
  try {
    const { workspaceSlug, outcome } = await completeSalesforceConnect({
      actorUserId: await currentUserId(),
      params: { state: param(req, "state"), code: param(req, "code"), error: param(req, "error") },
    });
    after(() => kickOutbox());
    return redirectTo(`/w/${encodeURIComponent(workspaceSlug)}/integrations?salesforce=${outcome}`);
  } catch (err) {
    if (err instanceof SalesforceConnectError) {
      log.info("salesforce.connect_refused", { reason: err.reason });
      return err.workspaceSlug ? redirectTo(`/w/${encodeURIComponent(err.workspaceSlug)}/integrations?salesforce_error=${err.reason}`) : page(err.reason);
    }
    log.error("salesforce.connect_failed", { error: err instanceof Error ? err.message : String(err) });
    return page("failed");
  }
}
