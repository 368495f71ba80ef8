/**
 * Why a Salesforce sign-in did not connect, as a closed list: the callback sends only one of these
 * codes back to the browser (never what Salesforce or the URL said), and the Integrations page
 * shows its words. Pure, so the page and the tests share it.
 */
export const CONNECT_FAILURES = {
  signed_out: { title: "Sign in to Ferry first", text: "Salesforce sent you back to Ferry, but you are not signed in here. Sign in, then start again from Integrations." },
  invalid_state: {
    title: "This Salesforce sign-in is not one Ferry started, or it was already used",
    text: "Nothing was connected. Start again with “Add integration” under Salesforce; each sign-in link works once.",
  },
  expired: { title: "The Salesforce sign-in took longer than 10 minutes", text: "Nothing was connected. Start again; the sign-in link is valid for 10 minutes." },
  wrong_user: {
    title: "Another Ferry user started this Salesforce sign-in",
    text: "Nothing was connected. The person who starts connecting Salesforce must finish it in the same Ferry account.",
  },
  forbidden: { title: "Your role cannot connect Salesforce", text: "Only workspace owners and admins connect integrations. Nothing was connected." },
  denied: { title: "Access was not allowed in Salesforce", text: "Salesforce says the sign-in was cancelled or denied, so nothing was connected. Start again and choose Allow." },
  missing_refresh_token: {
    title: "Salesforce did not give Ferry a refresh token",
    text: "Without one Ferry would lose access within hours. Add the “Perform requests at any time (refresh_token, offline_access)” scope to the External Client App, then connect again.",
  },
  exchange_failed: {
    title: "Salesforce did not accept the sign-in",
    text: "The code Salesforce returned could not be exchanged for tokens (it may have expired, or the app's consumer key, secret or callback URL do not match). Nothing was connected; start again, and check the app's settings if it happens again.",
  },
  unreachable: { title: "Ferry could not reach Salesforce", text: "Salesforce did not answer in time. Nothing was connected; try again in a moment." },
  host_not_allowed: {
    title: "Salesforce pointed Ferry at a host it does not call",
    text: "The org's instance is not a Salesforce host Ferry allows (see SALESFORCE_ALLOWED_BASE_URLS). Nothing was connected.",
  },
  org_in_use: {
    title: "This Salesforce org is connected to another Ferry workspace",
    text: "One Salesforce org serves one Ferry workspace. Disconnect it there first, then connect it here.",
  },
  different_org: {
    title: "That is a different Salesforce org",
    text: "This workspace is connected to another org. Reconnecting must use the same org; to move Ferry to another org, disconnect first.",
  },
  already_connected: { title: "Salesforce was connected meanwhile", text: "Someone connected Salesforce to this workspace at the same time. Reload the page to see it." },
  failed: { title: "Connecting Salesforce failed", text: "Something went wrong on Ferry's side. Nothing was connected; try again in a moment." },
} as const satisfies Record<string, { title: string; text: string }>;

export type ConnectFailureReason = keyof typeof CONNECT_FAILURES;

export function isConnectFailureReason(value: unknown): value is ConnectFailureReason {
  return typeof value === "string" && Object.hasOwn(CONNECT_FAILURES, value);
}

export class SalesforceConnectError extends Error {
  constructor(
    readonly reason: ConnectFailureReason,
    /** The workspace the attempt belongs to, once the state proved it (the callback sends the person there). */
    readonly workspaceSlug: string | null,
    detail?: string,
  ) {
    super(detail ?? CONNECT_FAILURES[reason].title);
    this.name = "SalesforceConnectError";
  }
}
