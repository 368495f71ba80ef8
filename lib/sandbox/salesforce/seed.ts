import { z } from "zod";
import { KEY_PREFIXES, stableSalesforceId } from "./ids";
import type { Org } from "./store";

/**
 * Fixtures for an org (`POST /_sandbox/orgs/:org/seed`, the demo seed): accounts with their
 * contacts, and contacts without an account. Inserted as-is (no FLS, no API usage); with `stableIds`
 * the ids derive from the org and the names, so they survive restarts.
 */

const ZContact = z.strictObject({
  firstName: z.string().optional(),
  lastName: z.string().min(1),
  email: z.string().email().optional(),
  title: z.string().optional(),
});

export const ZOrgFixture = z.strictObject({
  accounts: z
    .array(z.strictObject({ name: z.string().min(1), website: z.string().optional(), industry: z.string().optional(), contacts: z.array(ZContact).default([]) }))
    .default([]),
  contactsWithoutAccount: z.array(ZContact).default([]),
});
export type OrgFixture = z.input<typeof ZOrgFixture>;

export interface SeedResult {
  /** Account name → ids (names may repeat). */
  accounts: Record<string, string[]>;
  /** Contact email (lower case) or last name → id. */
  contacts: Record<string, string>;
}

export function applyFixture(org: Org, input: unknown, options: { stableIds?: boolean } = {}): SeedResult {
  const fixture = ZOrgFixture.parse(input);
  const result: SeedResult = { accounts: {}, contacts: {} };
  const id = (prefix: string, name: string) => (options.stableIds ? stableSalesforceId(prefix, `${org.id}:${name}`) : undefined);
  const addContact = (c: z.infer<typeof ZContact>, accountId: string | null, n: number) => {
    const key = c.email?.toLowerCase() ?? c.lastName;
    const record = org.insert(
      "Contact",
      { FirstName: c.firstName ?? null, LastName: c.lastName, Name: [c.firstName, c.lastName].filter(Boolean).join(" "), Email: c.email ?? null, Title: c.title ?? null, AccountId: accountId },
      id(KEY_PREFIXES.Contact, `${key}#${n}`),
    );
    result.contacts[key] = record.Id;
  };
  fixture.accounts.forEach((a, i) => {
    const account = org.insert("Account", { Name: a.name, Website: a.website ?? null, Industry: a.industry ?? null }, id(KEY_PREFIXES.Account, `${a.name}#${i}`));
    (result.accounts[a.name] ??= []).push(account.Id);
    a.contacts.forEach((c, j) => addContact(c, account.Id, i * 1000 + j));
  });
  fixture.contactsWithoutAccount.forEach((c, j) => addContact(c, null, 1_000_000 + j));
  return result;
}
