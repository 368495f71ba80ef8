/**
 * Why a request is NOT linked to Vitally: a closed list, stored with every skipped sync and shown
 * in plain words with what to do. Codes are stable (they are stored); wording may change.
 *
 * Templates take `{email}`, `{domain}` and `{candidates}` (names of the accounts/organizations in
 * question); `describeLinkReason` fills them.
 */

export const LINK_REASONS = [
  "user_in_no_org_or_account",
  "user_in_several_accounts_no_org",
  "user_in_several_orgs_no_account",
  "user_in_several_orgs_and_accounts",
  "no_email",
  "invalid_email",
  "public_email_domain",
  "domain_matches_nothing",
  "domain_ambiguous",
] as const;
export type LinkReason = (typeof LINK_REASONS)[number];

export interface LinkReasonText {
  /** One line for tables and badges. */
  title: string;
  /** Why, in plain words. */
  explanation: string;
  /** What to do, as a template. */
  fix: string;
}

export const LINK_REASON_TEXT: Readonly<Record<LinkReason, LinkReasonText>> = {
  user_in_no_org_or_account: {
    title: "Requestor is in no Vitally account or organization",
    explanation: "{email} is a user in Vitally, but belongs to no account and no organization, so there is nothing to attach the request to.",
    fix: "Add {email} to one account or one organization in Vitally, then retry the sync.",
  },
  user_in_several_accounts_no_org: {
    title: "Requestor is in several accounts and no organization",
    explanation: "{email} belongs to several Vitally accounts ({candidates}) and to no organization; Ferry does not guess which account the request belongs to.",
    fix: "Keep {email} in one account only, or add the user to the organization those accounts belong to, then retry the sync.",
  },
  user_in_several_orgs_no_account: {
    title: "Requestor is in several organizations and no account",
    explanation: "{email} belongs to several Vitally organizations ({candidates}) and to no account; Ferry does not guess which organization the request belongs to.",
    fix: "Add {email} to one account in Vitally (its organization is then used too), or keep the user in one organization only, then retry the sync.",
  },
  user_in_several_orgs_and_accounts: {
    title: "Requestor is in several organizations and several accounts",
    explanation: "{email} belongs to several Vitally organizations and several accounts ({candidates}); Ferry does not guess where the request belongs.",
    fix: "Keep {email} in one organization, or in one account only, then retry the sync.",
  },
  no_email: {
    title: "Requestor has no email",
    explanation: "The requestor shared no email address, so Ferry cannot find or create them in Vitally.",
    fix: "Ask the requestor to add an email to their profile on the support channel (or add it to the request), then retry the sync.",
  },
  invalid_email: {
    title: "Requestor's email is not valid",
    explanation: "\"{email}\" is not a valid email address, so Ferry cannot find or create the requestor in Vitally.",
    fix: "Correct the requestor's email on the support channel, then retry the sync.",
  },
  public_email_domain: {
    title: "Requestor uses a public email provider",
    explanation: "{email} is not a Vitally user, and {domain} is a public email provider, so the domain says nothing about the customer's company.",
    fix: "Add {email} as a user of the right account in Vitally, then retry the sync.",
  },
  domain_matches_nothing: {
    title: "No Vitally customer has users at this domain",
    explanation: "{email} is not a Vitally user, and no Vitally account or organization has users with an @{domain} address.",
    fix: "Add {email} to the right account in Vitally (or create the account), then retry the sync.",
  },
  domain_ambiguous: {
    title: "Several Vitally customers have users at this domain",
    explanation: "{email} is not a Vitally user, and users with an @{domain} address belong to several accounts or organizations ({candidates}); Ferry does not guess.",
    fix: "Add {email} to the right one of {candidates} in Vitally, then retry the sync.",
  },
};

export interface LinkReasonParams {
  email?: string | null;
  domain?: string | null;
  candidates?: ReadonlyArray<{ name?: string | null; id: string }>;
}

function fill(template: string, params: LinkReasonParams): string {
  const names = (params.candidates ?? []).map((c) => c.name || c.id);
  const list = names.length === 0 ? "none" : names.length <= 5 ? names.join(", ") : `${names.slice(0, 5).join(", ")} and ${names.length - 5} more`;
  return template
    .replaceAll("{email}", params.email || "the requestor")
    .replaceAll("{domain}", params.domain || "their domain")
    .replaceAll("{candidates}", list);
}

export function describeLinkReason(reason: LinkReason, params: LinkReasonParams = {}): LinkReasonText {
  const text = LINK_REASON_TEXT[reason];
  return { title: text.title, explanation: fill(text.explanation, params), fix: fill(text.fix, params) };
}
