/**
 * The ONE switch for behaviour the reference marks as uncertain. `strict: true` (the default)
 * picks the strictest plausible reading so that a client which works against the sandbox also
 * works against the real API; `strict: false` is forgiving. Each choice is listed here so the
 * control API (`GET /_sandbox/settings`) and docs/sandbox.md can show them.
 */

export interface StrictnessChoice {
  topic: string;
  strict: string;
  lenient: string;
  reference: string;
}

export const STRICTNESS_CHOICES: readonly StrictnessChoice[] = [
  { topic: "limit > 100, < 1 or not an integer", strict: "400", lenient: "clamped to 1..100", reference: "§4, §16 q6" },
  { topic: "garbage `from` cursor, or one made for another sortBy", strict: "400", lenient: "starts from the first page", reference: "§4, §13 #6" },
  { topic: "`sortBy` other than createdAt|updatedAt", strict: "400", lenient: "updatedAt", reference: "§16 q6" },
  { topic: "POST with an externalId already used (accounts, organizations, users, conversations, meetings, custom object instances, messages in a conversation, custom object names)", strict: "400 naming externalId", lenient: "upsert (update the existing record)", reference: "§10, §13 #9" },
  { topic: "unknown top-level body fields (e.g. `accountId` instead of `accountIds`)", strict: "400 naming the field", lenient: "ignored", reference: "§13 #8" },
  { topic: "PUT that changes externalId where it is create-only", strict: "400", lenient: "ignored", reference: "§3.1, §13 #11" },
  { topic: "PUT /accounts/:id with `name`", strict: "400 (current docs: not editable)", lenient: "applied", reference: "§8.2, §15" },
  { topic: "PUT /users/:id with accountIds/organizationIds", strict: "appended to the existing links", lenient: "replace the links", reference: "§9, §16 q3" },
  { topic: "DELETE /users/:id", strict: "204, the user stays readable (scheduled deletion)", lenient: "204, removed at once", reference: "§8.3, §13 #13" },
  { topic: "Basic auth with a non-empty password or without the colon", strict: "401", lenient: "password ignored", reference: "§2, §16 q13" },
  { topic: "users/search?email= and emailSubdomain= matching", strict: "exact, case-sensitive", lenient: "case-insensitive", reference: "§16 q7" },
  { topic: "id-or-externalId in paths", strict: "only where documented (accounts, organizations, users, NPS, meetings, messages GET; notes/tasks with ?source=)", lenient: "also conversations and custom object instances", reference: "§3.1" },
  { topic: "?source= lookup of notes/tasks by externalId", strict: "the record's source must match (REST-created records have source \"api\")", lenient: "any source", reference: "§3.1" },
  { topic: "referenced ids that do not exist (accountIds, userId, templateId, customerId, participants …)", strict: "400 naming the field", lenient: "400 as well (no way to store a dangling link)", reference: "§13 #8" },
  { topic: "custom object instance traits not defined as fields of the object", strict: "400 naming the trait", lenient: "stored", reference: "§8.13 (open question)" },
  { topic: "instance search by customFieldId / customFieldValue", strict: "must come together as one criterion; customFieldId is the field id", lenient: "each alone is a criterion; the field path is accepted too", reference: "§8.12, §15" },
  { topic: "custom object instance create without customerId and organizationId", strict: "400", lenient: "accepted", reference: "§8.12" },
  { topic: "POST /conversations without subject or messages", strict: "400", lenient: "accepted", reference: "§8.5, §16 q16" },
  { topic: "GET /conversations/:id/messages (FT only)", strict: "404 (not documented)", lenient: "served", reference: "§8.6, §16 q15" },
  { topic: "admins/search response", strict: "a single Admin object (docs example)", lenient: "{ results: [...] }", reference: "§8.4, §15" },
  { topic: "meetings created via REST: accounts/organizations", strict: "stay empty (CLI OBS)", lenient: "derived from participants", reference: "§8.11, §15" },
  { topic: "PUT /npsResponses/:id", strict: "userId, respondedAt and score required", lenient: "partial update", reference: "§8.9" },
  { topic: "projects with `customerId` (older docs)", strict: "400 (unknown field)", lenient: "treated as accountId", reference: "§8.10, §15" },
  { topic: "POST /accounts with an organization externalId in organizationId", strict: "400 (Vitally id only; externalId is documented for PUT)", lenient: "accepted", reference: "§3.1" },
];
