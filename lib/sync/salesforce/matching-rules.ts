/**
 * The seed's matching rules for Salesforce, in the order Ferry applies them, in plain words (the
 * request page lists them beside the evidence of the path a request took; resolve-salesforce-link.ts
 * implements them).
 */
export type SalesforceMatchRuleText = {
  step: number;
  /** The evidence path this rule belongs to (SalesforceLinkEvidence.path). */
  path: "contact_by_email" | "email_domain" | "workspace_name";
  title: string;
  description: string;
};

export const SALESFORCE_MATCHING_RULES: readonly SalesforceMatchRuleText[] = [
  {
    step: 1,
    path: "contact_by_email",
    title: "The requestor is a Contact",
    description: "A Contact with the requestor's email (any case) links the request to that Contact and its Account. Contacts with that email in several Accounts: not synced, never a guess.",
  },
  {
    step: 2,
    path: "email_domain",
    title: "An Account has contacts at the email's domain",
    description:
      "Not a Contact of any Account: the Accounts having a contact at the same email domain. Exactly one: Ferry creates the requestor's Contact there (name and email) and links both. Several: not synced, the Accounts are shown. None, or a public email domain: not synced.",
  },
  {
    step: 3,
    path: "workspace_name",
    title: "No email: an Account named like the requestor's workspace",
    description:
      "Without an email: the Account whose name is the requestor's workspace name. Exactly one: Ferry creates a Contact there with the requestor's name and no email (or reuses the one it made before) and links both. Several or none: not synced.",
  },
];
