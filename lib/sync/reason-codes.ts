import { describeLinkReason, LINK_REASONS, type LinkReason, type LinkReasonParams } from "@/lib/vitally/link-reasons";

/**
 * Every reason a sync did not (or not yet) happen: a closed list, stored with each outcome and
 * shown in plain words with what to do. Codes are stable (they are stored); wording may change.
 * Linking reasons come from lib/vitally/link-reasons.ts; these are the rest.
 */
export const SYNC_REASONS = [
  "integration_disconnected",
  "integration_needs_attention",
  "created_before_integration",
  "push_new_disabled",
  "update_existing_disabled",
  "credentials_rejected",
  "rate_limited",
  "destination_unavailable",
  "destination_rejected",
  "schema_incomplete",
  // Conversation sync (lib/sync/vitally/conversations): held messages, stand-ins, edits, deletions.
  "conversations_disabled",
  "customer_not_vitally_user",
  "sender_has_no_email",
  "no_admin_for_team_member",
  "default_admin_not_set",
  "default_admin_missing",
  "default_admin_inactive",
  "waiting_for_earlier_message",
  "message_same_as_opening",
  "message_edited",
  "edit_not_reflected",
  "message_deleted",
  "message_deleted_before_sync",
  "message_skipped_by_member",
  "conversation_deleted_in_destination",
  // Salesforce (lib/sync/salesforce): matching the requestor to a Contact and Account, set-up, daily limit.
  "contact_has_no_account",
  "contact_in_several_accounts",
  "public_domain_not_a_contact",
  "no_account_for_domain",
  "several_accounts_for_domain",
  "no_email_no_company",
  "no_account_named",
  "several_accounts_named",
  "contact_create_failed",
  "salesforce_setup_incomplete",
  "salesforce_fields_missing",
  "daily_limit_paused",
] as const;
export type SyncReason = (typeof SYNC_REASONS)[number];

export type ReasonCode = SyncReason | LinkReason;
export const REASON_CODES: readonly ReasonCode[] = [...SYNC_REASONS, ...LINK_REASONS];

export type ReasonText = { title: string; explanation: string; fix: string };

const SYNC_REASON_TEXT: Record<SyncReason, ReasonText> = {
  integration_disconnected: {
    title: "The integration is disconnected",
    explanation: "{destination} was disconnected, so Ferry no longer pushes requests there.",
    fix: "Connect {destination} again on the Integrations page; requests created after that are pushed.",
  },
  integration_needs_attention: {
    title: "Held back: the integration needs attention",
    explanation: "{destination} rejected Ferry's credentials, so pushes are held back (none are lost).",
    fix: "Update the credentials on the Integrations page; held-back pushes are sent as soon as they work.",
  },
  created_before_integration: {
    title: "Created before the integration was connected",
    explanation: "Ferry syncs requests created after {destination} was connected; this one is older.",
    fix: "Nothing to fix: older requests are not synced.",
  },
  push_new_disabled: {
    title: "\"Push new requests\" is off",
    explanation: "This request is not in {destination} yet, and pushing new requests is switched off.",
    fix: "Turn on \"Push new requests\" in the integration's settings, then retry the sync.",
  },
  update_existing_disabled: {
    title: "\"Update existing requests\" is off",
    explanation: "This request is already in {destination}, and updating existing requests is switched off.",
    fix: "Turn on \"Update existing requests\" in the integration's settings, then retry the sync.",
  },
  credentials_rejected: {
    title: "Credentials rejected",
    explanation: "{destination} rejected Ferry's API key while pushing this request.",
    fix: "Update the credentials on the Integrations page; Ferry then pushes the held-back requests.",
  },
  rate_limited: {
    title: "Rate limited; retrying",
    explanation: "{destination}'s rate limit was reached; Ferry waits the time it asks for and retries.",
    fix: "Nothing to do: the push is retried automatically.",
  },
  destination_unavailable: {
    title: "Destination unavailable; retrying",
    explanation: "{destination} did not answer properly (server error, timeout or network failure).",
    fix: "Nothing to do unless it persists: the push is retried with backoff. Check {destination}'s status page.",
  },
  destination_rejected: {
    title: "Rejected by the destination",
    explanation: "{destination} refused the data Ferry sent (see the call log below).",
    fix: "Check the call log for the field it refused; fix the data or the schema (Integrations → Schema → Repair), then retry the sync.",
  },
  schema_incomplete: {
    title: "Some traits are missing in the destination",
    explanation: "The \"Ferry Requests\" object in {destination} lacks some traits Ferry writes; those values were not sent.",
    fix: "Open Integrations → Schema and press Repair, then retry the sync.",
  },
  conversations_disabled: {
    title: "\"Sync threads as Vitally conversations\" is off",
    explanation: "The request's customer thread is not mirrored as a Vitally conversation while this switch is off.",
    fix: "Turn on \"Sync threads as Vitally conversations\" in the integration's settings; the next change to the request creates its conversation.",
  },
  customer_not_vitally_user: {
    title: "Held: the customer is not a Vitally user",
    explanation:
      "No Vitally user has the sender's email, so Ferry cannot put the message in a conversation. It is held, and so are the request's later messages (they are sent in order).",
    fix: "Add the customer as a user in Vitally with the same email (Ferry does not create users for conversations). Held messages are retried every 5 minutes and on the request's next change.",
  },
  sender_has_no_email: {
    title: "Held: the sender has no email",
    explanation:
      "The support platform sent this customer message without the sender's email, and the sender is not the requestor, so Ferry cannot find them in Vitally. Later messages of the request wait behind it (they are sent in order).",
    fix: "Have the support platform send the author's email with messages. To let the later messages through without this one, skip it on the request page.",
  },
  no_admin_for_team_member: {
    title: "Held: the teammate is not a Vitally admin",
    explanation:
      "The teammate who wrote this message is not an active Vitally admin with the same email, and no default admin is set to stand in. Later messages of the request wait behind it.",
    fix: "Invite the teammate to Vitally with the same email, or set a Default admin email in the integration's settings. Held messages are retried every 5 minutes.",
  },
  default_admin_not_set: {
    title: "Held: no default admin",
    explanation:
      "No teammate could be identified for this conversation (the request is unassigned, or its teammate is not a Vitally admin) and no Default admin email is set. Later messages of the request wait behind it.",
    fix: "Set a Default admin email (an active Vitally admin) in the integration's settings. Held messages are retried every 5 minutes.",
  },
  default_admin_missing: {
    title: "Held: the default admin is not in Vitally",
    explanation: "The Default admin email in the integration's settings belongs to no Vitally admin, so it cannot stand in. Later messages of the request wait behind it.",
    fix: "Change the Default admin email to the email of an active admin (Vitally → Settings → Team). Held messages are retried every 5 minutes.",
  },
  default_admin_inactive: {
    title: "Held: the default admin is not active",
    explanation:
      "The Default admin email belongs to a Vitally admin who is deactivated (or was auto-created and has no seat), so it cannot stand in. Later messages of the request wait behind it.",
    fix: "Reactivate that admin in Vitally, or change the Default admin email to an active admin. Held messages are retried every 5 minutes.",
  },
  waiting_for_earlier_message: {
    title: "Held: waiting for an earlier message",
    explanation: "An earlier message of this request is held, and messages reach the Vitally conversation in the order they were sent.",
    fix: "Fix the reason of the earliest held message; the ones after it follow automatically.",
  },
  message_same_as_opening: {
    title: "Sent as the conversation's first message",
    explanation: "This message repeats the text that started the request, so it is the Vitally conversation's first message rather than a second copy.",
    fix: "Nothing to do.",
  },
  message_edited: {
    title: "Edit reflected",
    explanation: "The message was edited in Ferry after it reached Vitally; the message in the conversation was updated (same external id).",
    fix: "Nothing to do.",
  },
  edit_not_reflected: {
    title: "Edit not reflected",
    explanation:
      "The message was edited in Ferry after it reached Vitally, but its sender or recipient can no longer be found there, so the conversation keeps the earlier text. The request's thread traits carry the new text.",
    fix: "Nothing required. To reflect it, make sure the people in the conversation still exist in Vitally, then edit the message again.",
  },
  message_deleted: {
    title: "Deletion reflected",
    explanation: "The message was deleted in Ferry after it reached Vitally; it was deleted from the conversation too.",
    fix: "Nothing to do.",
  },
  message_deleted_before_sync: {
    title: "Deleted before it was synced",
    explanation: "The message was deleted in Ferry before it reached Vitally, so it was never sent.",
    fix: "Nothing to do.",
  },
  message_skipped_by_member: {
    title: "Skipped by a teammate",
    explanation: "A teammate chose to skip this held message, so the request's later messages could reach Vitally without it.",
    fix: "Nothing to do. The message stays in Ferry and in the request's thread traits.",
  },
  conversation_deleted_in_destination: {
    title: "Conversation re-created",
    explanation: "The conversation was deleted in Vitally; Ferry created it again and re-sent the request's messages in order.",
    fix: "Nothing to do. To stop syncing a request's thread, turn off \"Sync threads as Vitally conversations\" instead of deleting conversations.",
  },
  contact_has_no_account: {
    title: "The requestor's Contact has no Account",
    explanation:
      "{email} is a Contact in Salesforce but belongs to no Account, and no Account has other contacts at @{domain}, so there is no Account to link the request to.",
    fix: "Set the Account on {email}'s Contact in Salesforce, then retry the sync.",
  },
  contact_in_several_accounts: {
    title: "Several Contacts with this email, in different Accounts",
    explanation: "{email} is a Contact in several Salesforce Accounts ({candidates}); Ferry does not guess which one the request belongs to.",
    fix: "Keep one Contact for {email} (merge the duplicates in Salesforce), then retry the sync.",
  },
  public_domain_not_a_contact: {
    title: "Not a Contact, and a public email domain",
    explanation:
      "{email} is not a Contact in Salesforce, and {domain} is a public email provider, so the domain says nothing about the customer's company (Ferry does not guess an Account from it).",
    fix: "Add {email} as a Contact of the right Account in Salesforce, then retry the sync.",
  },
  no_account_for_domain: {
    title: "No Account found",
    explanation:
      "{email} is not a Contact in Salesforce, and no Account has a contact with an @{domain} address, so the request would be linked to nothing and is not sent.",
    fix: "Add {email} as a Contact of the right Account in Salesforce (or create the Account with a contact at @{domain}), then retry the sync.",
  },
  several_accounts_for_domain: {
    title: "Several Accounts match the email domain",
    explanation: "{email} is not a Contact in Salesforce, and contacts at @{domain} belong to several Accounts ({candidates}); Ferry does not guess.",
    fix: "Add {email} as a Contact of the right one of {candidates} in Salesforce, then retry the sync.",
  },
  no_email_no_company: {
    title: "No email and no workspace name",
    explanation: "The requestor shared no email, and the request carries no workspace (company) name, so Ferry cannot find an Account for them.",
    fix: "Have the support platform send the requestor's email or their workspace name, then retry the sync.",
  },
  no_account_named: {
    title: "No Account found",
    explanation: "The requestor shared no email, and no Salesforce Account is named \"{company}\" (their workspace), so the request would be linked to nothing and is not sent.",
    fix: "Create the Account \"{company}\" in Salesforce (or rename the right Account to it), then retry the sync.",
  },
  several_accounts_named: {
    title: "Several Accounts have the workspace's name",
    explanation: "The requestor shared no email, and several Salesforce Accounts are named \"{company}\" ({candidates}); Ferry does not guess.",
    fix: "Rename or merge the duplicate \"{company}\" Accounts in Salesforce so one remains, then retry the sync.",
  },
  contact_create_failed: {
    title: "Could not create the Contact",
    explanation: "Ferry found the Account but Salesforce refused to create the requestor's Contact there (see the call log below).",
    fix: "Check the error in the call log (a validation or duplicate rule on Contact, or a missing permission), fix it in Salesforce, then retry the sync.",
  },
  salesforce_setup_incomplete: {
    title: "Set-up incomplete in Salesforce",
    explanation: "The Request object or its fields are missing, or not visible to Ferry's user (field-level security), so Salesforce refused the record.",
    fix: "Open Integrations → Salesforce and press Repair set-up; held requests are pushed again by Retry.",
  },
  salesforce_fields_missing: {
    title: "Some Request fields are missing in Salesforce",
    explanation: "Some fields of the Request object are missing or not visible to Ferry's user; those values were not sent.",
    fix: "Open Integrations → Salesforce and press Repair set-up, then retry the sync.",
  },
  daily_limit_paused: {
    title: "Paused: Salesforce's daily API limit",
    explanation:
      "The Salesforce org has (nearly) used its API calls for the last 24 hours, so Ferry holds pushes back to leave room for the org's other tools. None are lost.",
    fix: "Nothing to do: held requests are pushed with their latest state when the pause ends. To resume sooner, raise the org's API allocation in Salesforce.",
  },
};

export function isLinkReason(code: string): code is LinkReason {
  return (LINK_REASONS as readonly string[]).includes(code);
}

export function isReasonCode(code: string): code is ReasonCode {
  return (REASON_CODES as readonly string[]).includes(code);
}

/** Plain words and the fix for a stored reason code (unknown codes are shown as they are). */
export function describeReason(code: string, params: LinkReasonParams & { destination?: string; company?: string | null } = {}): ReasonText {
  if (isLinkReason(code)) return describeLinkReason(code, params);
  const text = (SYNC_REASON_TEXT as Record<string, ReasonText | undefined>)[code];
  if (!text) return { title: code, explanation: code, fix: "" };
  const destination = params.destination ?? "the destination";
  const names = (params.candidates ?? []).map((c) => c.name || c.id);
  const candidates = names.length === 0 ? "none" : names.length <= 5 ? names.join(", ") : `${names.slice(0, 5).join(", ")} and ${names.length - 5} more`;
  const fill = (s: string) =>
    s
      .replaceAll("{destination}", destination)
      .replaceAll("{email}", params.email || "the requestor")
      .replaceAll("{domain}", params.domain || "their domain")
      .replaceAll("{company}", params.company || "their workspace")
      .replaceAll("{candidates}", candidates);
  return { title: fill(text.title), explanation: fill(text.explanation), fix: fill(text.fix) };
}
