import type { Integration } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { isExternalApiError, type ExternalApiError } from "@/lib/http/external-api-error";
import type { FetchFn } from "@/lib/http/outbound-fetch";
import { vitallyClientFor, type VitallyClientDeps } from "@/lib/integrations/vitally/vitally-client-for";
import { VitallyClient, type VitallyCall } from "@/lib/vitally/client";
import type { VitallyConnection } from "@/lib/vitally/connection";

/**
 * Checks "Sync threads as Vitally conversations" and the Default admin email before they are saved
 * (at connect, or when either changes): the seed's troubleshooting list, checked for the admin
 * instead of left to them.
 *
 *  - the key can read users, admins and conversations: one cheap call each
 *    (GET /users?limit=1, GET /admins/search?email= or GET /admins?limit=1, GET /conversations?limit=1);
 *  - the default admin email belongs to a Vitally admin, and that admin is ACTIVE (a deactivated or
 *    auto-created admin cannot stand in for the team);
 *  - syncing conversations needs a default admin (unassigned requests have no teammate).
 *
 * Nothing is written. Each problem names the form field it belongs to, with what to do.
 */

export type ConversationSettingsField = "auth" | "syncConversations" | "defaultAdminEmail" | "form";

export type ConversationSettingsIssue = {
  field: ConversationSettingsField;
  code:
    | "default_admin_required"
    | "default_admin_not_found"
    | "default_admin_deactivated"
    | "default_admin_not_active"
    | "key_rejected"
    | "cannot_read"
    | "check_failed";
  message: string;
};

export type ConversationSettingsCheck = {
  ok: boolean;
  issues: ConversationSettingsIssue[];
  /** The same issues keyed by field, the shape forms show (AppError fields). */
  fieldErrors: Partial<Record<ConversationSettingsField, string[]>>;
  defaultAdmin: { id: string; name: string | null; email: string; licenseStatus: string | null } | null;
  calls: number;
};

export type ConversationSettingsInput = { syncConversations?: boolean; defaultAdminEmail?: string | null };

type Target =
  | { integration: Pick<Integration, "workspaceId" | "provider" | "baseUrl" | "credentials" | "budgetKey"> }
  | { connection: Pick<VitallyConnection, "baseUrl" | "apiKey"> };

type Deps = VitallyClientDeps & { fetch?: FetchFn; timeoutMs?: number };

const RESOURCE_WORDS = { users: "users", admins: "admins (team members)", conversations: "conversations" } as const;

function describeFailure(resource: keyof typeof RESOURCE_WORDS, err: ExternalApiError): ConversationSettingsIssue {
  const what = RESOURCE_WORDS[resource];
  switch (err.kind) {
    case "auth":
      return {
        field: "auth",
        code: "key_rejected",
        message: "Vitally rejected this API key (401). Copy the Secret Token again from Vitally → Settings → Integrations → Vitally REST API.",
      };
    case "forbidden":
    case "not_found":
      return {
        field: "auth",
        code: "cannot_read",
        message: `This API key cannot read Vitally ${what} (Vitally answered ${err.status ?? err.kind}). Ferry needs users, admins and conversations to sync threads; use a key with access to all three.`,
      };
    case "rate_limited":
      return {
        field: "form",
        code: "check_failed",
        message: `Vitally is rate-limiting this key, so Ferry could not check access to ${what}. Wait ${Math.max(1, Math.ceil((err.retryAfterMs ?? 60_000) / 1000))} s and save again.`,
      };
    default:
      return {
        field: "form",
        code: "check_failed",
        message: `Ferry could not check access to Vitally ${what}: ${err.message}. Try again in a moment.`,
      };
  }
}

export async function validateConversationSettings(
  target: Target,
  settings: ConversationSettingsInput,
  deps: Deps = {},
): Promise<ConversationSettingsCheck> {
  const calls: VitallyCall[] = [];
  const onCall = (c: VitallyCall) => calls.push(c);
  const email = settings.defaultAdminEmail?.trim().toLowerCase() || null;
  const issues: ConversationSettingsIssue[] = [];
  let defaultAdmin: ConversationSettingsCheck["defaultAdmin"] = null;

  if (settings.syncConversations && !email) {
    issues.push({
      field: "defaultAdminEmail",
      code: "default_admin_required",
      message: "Enter the email of an active Vitally admin: Ferry uses them for conversations when no assigned teammate is a Vitally admin (for example unassigned requests).",
    });
  }

  if (settings.syncConversations || email) {
    const client =
      "integration" in target
        ? vitallyClientFor(target.integration, { ...deps, onCall })
        : new VitallyClient({ baseUrl: target.connection.baseUrl, apiKey: target.connection.apiKey, fetch: deps.fetch, timeoutMs: deps.timeoutMs ?? 10_000, onCall });
    const attempt = async <T>(resource: keyof typeof RESOURCE_WORDS, call: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await call();
      } catch (err) {
        if (!isExternalApiError(err)) throw err;
        const issue = describeFailure(resource, err);
        if (!issues.some((i) => i.code === issue.code && i.message === issue.message)) issues.push(issue);
        return undefined;
      }
    };

    if (settings.syncConversations) {
      await attempt("users", () => client.listUsers({ limit: 1 }));
      await attempt("conversations", () => client.listConversations({ limit: 1 }));
    }
    if (email) {
      const admins = await attempt("admins", () => client.searchAdmins(email));
      if (admins) {
        const matches = admins.filter((a) => a.email?.trim().toLowerCase() === email);
        const admin = matches.find((a) => a.licenseStatus === "active") ?? matches[0];
        if (!admin) {
          issues.push({
            field: "defaultAdminEmail",
            code: "default_admin_not_found",
            message: `No Vitally admin has the email ${email}. Use the email of a member of your Vitally team (Vitally → Settings → Team), exactly as it appears there.`,
          });
        } else {
          defaultAdmin = { id: admin.id, name: admin.name ?? null, email, licenseStatus: admin.licenseStatus ?? null };
          if (admin.licenseStatus === "deactivated") {
            issues.push({
              field: "defaultAdminEmail",
              code: "default_admin_deactivated",
              message: `${admin.name ?? email} (${email}) is a deactivated Vitally admin. Reactivate them in Vitally, or enter the email of an active admin.`,
            });
          } else if (admin.licenseStatus !== "active") {
            issues.push({
              field: "defaultAdminEmail",
              code: "default_admin_not_active",
              message: `${admin.name ?? email} (${email}) is not an active Vitally admin (license status: ${admin.licenseStatus ?? "unknown"}; Vitally creates such admins automatically and they hold no seat). Enter the email of an active admin.`,
            });
          }
        }
      }
    } else if (settings.syncConversations) {
      await attempt("admins", () => client.listAdmins({ limit: 1 }));
    }
  }

  const fieldErrors: ConversationSettingsCheck["fieldErrors"] = {};
  for (const issue of issues) (fieldErrors[issue.field] ??= []).push(issue.message);
  return { ok: issues.length === 0, issues, fieldErrors, defaultAdmin, calls: calls.length };
}

/** The same check for a save action: throws invalid_input naming each field at fault. */
export async function assertValidConversationSettings(target: Target, settings: ConversationSettingsInput, deps: Deps = {}) {
  const check = await validateConversationSettings(target, settings, deps);
  if (!check.ok) {
    throw new AppError("invalid_input", check.issues[0]!.message, check.fieldErrors as Record<string, string[]>);
  }
  return check;
}
