/**
 * The demo data `npm run db:seed` writes: who works in the demo workspace, which customers ask, and
 * what they ask about. Pure data and a deterministic generator (same PRNG seed → same requests),
 * so the demo looks the same on every machine; times are relative to the moment of seeding.
 */
import type { Channel, RequestStatus, Sentiment, Urgency } from "@/generated/prisma/enums";
import { DEMO_EMAIL_DOMAINS, DEMO_LINK_CASES } from "@/lib/sandbox/vitally/seed-demo";

export const DEMO_PASSWORD = "ferry-demo-password";

export const DEMO_WORKSPACE = { slug: "demo", name: "Acme Support" } as const;
export const SECOND_WORKSPACE = { slug: "globex", name: "Globex" } as const;

export const DEMO_USERS = [
  { email: "owner@ferry.dev", name: "Olivia Park", role: "OWNER" },
  { email: "admin@ferry.dev", name: "Marcus Reed", role: "ADMIN" },
  { email: "support@ferry.dev", name: "Priya Raman", role: "SUPPORT" },
  { email: "viewer@ferry.dev", name: "Leo Martins", role: "VIEWER" },
] as const;

/** The support agents requests are assigned to (two of them have no Ferry account, as in real teams). */
export const AGENTS = [
  { name: "Priya Raman", email: "support@ferry.dev" },
  { name: "Marcus Reed", email: "admin@ferry.dev" },
  { name: "Aiko Tanaka", email: "aiko.tanaka@ferry.dev" },
  { name: "Jonas Weber", email: "jonas.weber@ferry.dev" },
] as const;

export const CUSTOM_FIELDS = [
  {
    key: "product",
    name: "Product",
    kind: "CATEGORY",
    type: "SELECT",
    allowedValues: ["Request Management", "Marketing Automation", "Analytics", "Integrations", "Billing"],
    description: "Which product area the request is about.",
  },
  {
    key: "region",
    name: "Region",
    kind: "CATEGORY",
    type: "SELECT",
    allowedValues: ["North America", "EMEA", "APAC", "LATAM"],
    description: "The customer's region, for routing and reporting.",
  },
  {
    key: "topics",
    name: "Topics",
    kind: "TAG",
    type: "MULTI_SELECT",
    allowedValues: ["bug", "feature-request", "onboarding", "billing", "sso", "performance", "data-export", "api", "permissions"],
    description: "Free tagging by the support team; several per request.",
  },
] as const;

export type Region = (typeof CUSTOM_FIELDS)[1]["allowedValues"][number];
export type Product = (typeof CUSTOM_FIELDS)[0]["allowedValues"][number];
export type Topic = (typeof CUSTOM_FIELDS)[2]["allowedValues"][number];

/**
 * The people who raise requests. Their emails are the Vitally sandbox's demo users (one per case of
 * the organization × account linking table, plus users sharing an email domain), so synced
 * requests exercise every linking outcome; a few are unknown to Vitally, and one web visitor left
 * no email at all.
 */
export type Customer = { name: string; email: string; company: string; region: Region };
const LINK = DEMO_LINK_CASES;
export const CUSTOMERS: Customer[] = [
  { name: "Jane Cooper", email: `jane@${DEMO_EMAIL_DOMAINS.oneAccount}`, company: "Acme Inc", region: "North America" },
  { name: "Joe Whitman", email: `joe@${DEMO_EMAIL_DOMAINS.oneAccount}`, company: "Acme Inc", region: "North America" },
  { name: "Kim Lindqvist", email: `kim@${DEMO_EMAIL_DOMAINS.severalAccounts}`, company: "Northwind Retail", region: "EMEA" },
  { name: "Lee Ferreira", email: `lee@${DEMO_EMAIL_DOMAINS.severalAccounts}`, company: "Northwind Logistics", region: "EMEA" },
  { name: "Morgan Blake", email: LINK.oneOrgOneAccount, company: "Northwind Retail", region: "EMEA" },
  { name: "Ana Souza", email: LINK.oneOrgNoAccount, company: "Initech Partners", region: "APAC" },
  { name: "Chris Novak", email: LINK.oneOrgManyAccounts, company: "Globex Labs", region: "North America" },
  { name: "Dana Whitfield", email: LINK.noOrgOneAccount, company: "Acme Inc", region: "North America" },
  { name: "Sam Rivera", email: LINK.noOrgNoAccount, company: "Rivera Consulting", region: "LATAM" },
  { name: "Alex Chen", email: LINK.noOrgManyAccounts, company: "Umbrella Corp", region: "APAC" },
  { name: "Jordan Ellis", email: LINK.manyOrgsOneAccount, company: "Northwind Retail", region: "EMEA" },
  { name: "Taylor Quinn", email: LINK.manyOrgsNoAccount, company: "Globex Group", region: "North America" },
  { name: "Riley Moreno", email: LINK.manyOrgsManyAccounts, company: "Northwind Retail", region: "LATAM" },
  // Not in Vitally: an unknown domain, and a domain Vitally has no users for.
  { name: "Mei Lin", email: "mei.lin@lumenanalytics.io", company: "Lumen Analytics", region: "APAC" },
  { name: "Grace Okonkwo", email: `grace@${DEMO_EMAIL_DOMAINS.noUsers}`, company: "Okonkwo Studio", region: "EMEA" },
  // Known only by name on the platform (a web form without an email): Ferry keeps what it has.
  { name: "Alex (website visitor)", email: "", company: "", region: "North America" },
];

type Template = {
  title: string;
  message: string;
  summary: string;
  product: Product;
  topics: Topic[];
  aiTags: string[];
  urgency: Urgency;
  sentiment: Sentiment;
};

/** What customers write about; each becomes one or two requests from different people. */
export const TEMPLATES: Template[] = [
  { title: "SSO login fails with 'invalid SAML response'", message: "Since this morning nobody on our team can sign in through Okta. The page says 'invalid SAML response'. We didn't change anything on our side.", summary: "Okta SAML sign-in broken for the whole customer team since this morning; no change on their side.", product: "Request Management", topics: ["sso", "bug"], aiTags: ["login", "saml", "okta"], urgency: "URGENT", sentiment: "NEGATIVE" },
  { title: "CSV export missing custom columns", message: "When I export requests to CSV the custom 'Product' column is empty for every row, although the values show in the table.", summary: "CSV export drops custom category values that are visible in the UI.", product: "Analytics", topics: ["data-export", "bug"], aiTags: ["export", "csv", "custom-fields"], urgency: "MEDIUM", sentiment: "NEUTRAL" },
  { title: "Invoice shows the wrong number of seats", message: "Our October invoice charges for 48 seats but we only have 35 active users. Can you check and send a corrected invoice?", summary: "Invoice counts 48 seats vs 35 active users; customer asks for a corrected invoice.", product: "Billing", topics: ["billing"], aiTags: ["invoice", "seats", "billing-dispute"], urgency: "HIGH", sentiment: "NEGATIVE" },
  { title: "How do I route requests from a new Slack channel?", message: "We just created #support-emea. How do I make requests posted there land in the EMEA queue?", summary: "Customer wants requests from a new Slack channel routed to the EMEA queue.", product: "Request Management", topics: ["onboarding"], aiTags: ["routing", "slack-channel", "how-to"], urgency: "LOW", sentiment: "NEUTRAL" },
  { title: "Dashboard takes 20+ seconds to load", message: "The analytics dashboard has become really slow this week — more than 20 seconds before anything shows. Other pages are fine.", summary: "Analytics dashboard load time regressed to 20 s+ this week; other pages unaffected.", product: "Analytics", topics: ["performance", "bug"], aiTags: ["slow", "dashboard", "latency"], urgency: "HIGH", sentiment: "NEGATIVE" },
  { title: "Feature request: auto-close after 7 days of silence", message: "Would be great if requests waiting on the customer closed themselves after a week without a reply. Right now we do it by hand every Friday.", summary: "Asks for automatic closing of requests after 7 days waiting on the customer.", product: "Request Management", topics: ["feature-request"], aiTags: ["automation", "auto-close", "workflow"], urgency: "LOW", sentiment: "POSITIVE" },
  { title: "Webhook deliveries failing with 401", message: "Our webhook endpoint started receiving 401s from your side... actually it's your deliveries failing: the log shows 'signature mismatch' for every event since we rotated the secret.", summary: "Webhook deliveries fail signature checks since the customer rotated the secret.", product: "Integrations", topics: ["api", "bug"], aiTags: ["webhook", "signature", "secret-rotation"], urgency: "HIGH", sentiment: "NEUTRAL" },
  { title: "Can viewers see internal notes?", message: "Quick question before we invite our sales team as viewers: will they be able to read the internal thread on requests?", summary: "Permissions question: do viewers see internal threads?", product: "Request Management", topics: ["permissions", "onboarding"], aiTags: ["roles", "internal-thread", "question"], urgency: "LOW", sentiment: "NEUTRAL" },
  { title: "Campaign emails going to spam", message: "Our last two nurture campaigns landed in spam for most Gmail recipients. Open rates dropped from 38% to 6%.", summary: "Marketing campaign emails going to spam for Gmail; open rate fell from 38% to 6%.", product: "Marketing Automation", topics: ["bug"], aiTags: ["deliverability", "spam", "gmail"], urgency: "URGENT", sentiment: "NEGATIVE" },
  { title: "API rate limit too low for nightly sync", message: "Our nightly sync of ~40k contacts hits your 429s after about 5 minutes. Is there a way to raise the limit or a bulk endpoint we should use?", summary: "Nightly 40k-contact sync hits API rate limits; asks for higher limit or bulk endpoint.", product: "Integrations", topics: ["api", "performance"], aiTags: ["rate-limit", "429", "bulk-api"], urgency: "MEDIUM", sentiment: "NEUTRAL" },
  { title: "Need a copy of our data for an audit", message: "Our auditors need a full export of all requests and messages from the last 12 months. What's the best way to get that?", summary: "Customer needs a 12-month export of requests and messages for an audit.", product: "Analytics", topics: ["data-export"], aiTags: ["audit", "export", "compliance"], urgency: "MEDIUM", sentiment: "NEUTRAL" },
  { title: "Teams notifications stopped arriving", message: "We stopped getting request notifications in our Microsoft Teams triage channel on Tuesday. Slack notifications still work.", summary: "Microsoft Teams triage notifications stopped on Tuesday; Slack still fine.", product: "Integrations", topics: ["bug"], aiTags: ["ms-teams", "notifications", "outage"], urgency: "HIGH", sentiment: "NEGATIVE" },
  { title: "Thanks for the quick fix on the report!", message: "Just wanted to say the weekly report looks right again. Thanks to the team for turning that around so fast.", summary: "Customer thanks the team for fixing the weekly report.", product: "Analytics", topics: [], aiTags: ["praise", "report"], urgency: "LOW", sentiment: "POSITIVE" },
  { title: "Downgrade plan at renewal", message: "We'd like to move from Enterprise to Growth at our renewal next month. What do we lose, and who should we talk to?", summary: "Customer plans to downgrade from Enterprise to Growth at renewal.", product: "Billing", topics: ["billing"], aiTags: ["downgrade", "renewal", "churn-risk"], urgency: "MEDIUM", sentiment: "NEUTRAL" },
  { title: "Add SCIM provisioning for Azure AD", message: "Do you support SCIM with Azure AD? We onboard about 20 people a month and would love to stop adding them by hand.", summary: "Asks for SCIM user provisioning from Azure AD.", product: "Request Management", topics: ["sso", "feature-request"], aiTags: ["scim", "azure-ad", "provisioning"], urgency: "LOW", sentiment: "POSITIVE" },
  { title: "Duplicate requests created from one email", message: "Every email to support@ creates two identical requests since yesterday. It's doubling our queue.", summary: "Each inbound email creates two duplicate requests since yesterday.", product: "Request Management", topics: ["bug"], aiTags: ["duplicates", "email-ingest"], urgency: "HIGH", sentiment: "NEGATIVE" },
  { title: "Salesforce field mapping for 'Region'", message: "How do we map our Region category to the Account's Region__c field in Salesforce?", summary: "How-to: map the Region category to a Salesforce account field.", product: "Integrations", topics: ["onboarding", "api"], aiTags: ["salesforce", "field-mapping", "how-to"], urgency: "LOW", sentiment: "NEUTRAL" },
  { title: "Charts show UTC instead of our timezone", message: "All charts on the analytics page are in UTC. Our team is in Sydney, so the daily buckets are off by a day.", summary: "Analytics charts ignore the workspace timezone (UTC buckets for a Sydney team).", product: "Analytics", topics: ["bug"], aiTags: ["timezone", "charts"], urgency: "MEDIUM", sentiment: "NEUTRAL" },
  { title: "Card payment declined on renewal", message: "Our renewal payment was declined, but the card works everywhere else. We don't want the account suspended.", summary: "Renewal card payment declined; customer worried about suspension.", product: "Billing", topics: ["billing"], aiTags: ["payment", "declined", "renewal"], urgency: "URGENT", sentiment: "NEGATIVE" },
  { title: "Onboarding call for the new support team", message: "We're adding 12 agents in January. Could we schedule an onboarding session for them?", summary: "Requests an onboarding session for 12 new agents in January.", product: "Request Management", topics: ["onboarding"], aiTags: ["training", "onboarding-call"], urgency: "LOW", sentiment: "POSITIVE" },
  { title: "A/B test results look inconsistent", message: "Variant B shows 1,204 conversions in the summary but only 880 when I drill down. Which one is right?", summary: "A/B test conversion counts differ between summary and drill-down.", product: "Marketing Automation", topics: ["bug"], aiTags: ["ab-test", "reporting", "mismatch"], urgency: "MEDIUM", sentiment: "NEUTRAL" },
  { title: "API token stopped working after role change", message: "After we changed the integration user's role to Viewer, our API token returns 403 on every write. Is that expected?", summary: "API writes return 403 after the token owner's role changed to Viewer.", product: "Integrations", topics: ["api", "permissions"], aiTags: ["api-token", "403", "roles"], urgency: "MEDIUM", sentiment: "NEUTRAL" },
  { title: "Bulk-close old requests", message: "We have ~300 stale requests from before our migration. Is there a way to close them all at once?", summary: "Wants to bulk-close ~300 stale requests from before a migration.", product: "Request Management", topics: ["feature-request"], aiTags: ["bulk-action", "cleanup"], urgency: "LOW", sentiment: "NEUTRAL" },
  { title: "Unsubscribe link broken in newsletters", message: "Several recipients complained that the unsubscribe link in our newsletter leads to a 404. That's a compliance problem for us.", summary: "Newsletter unsubscribe link returns 404; compliance risk.", product: "Marketing Automation", topics: ["bug"], aiTags: ["unsubscribe", "404", "compliance"], urgency: "URGENT", sentiment: "NEGATIVE" },
  { title: "Request: Slack emoji to create requests", message: "Could a :ticket: reaction on any message in our shared channel create a request? Our customers post in threads a lot.", summary: "Feature idea: create requests from a Slack emoji reaction.", product: "Request Management", topics: ["feature-request"], aiTags: ["slack", "emoji-trigger"], urgency: "LOW", sentiment: "POSITIVE" },
  { title: "Data retention settings", message: "Where can we configure how long closed requests are kept? Our policy is 24 months.", summary: "Asks where to configure data retention (24 months).", product: "Request Management", topics: ["permissions"], aiTags: ["retention", "gdpr", "settings"], urgency: "LOW", sentiment: "NEUTRAL" },
  { title: "Segment sync dropped 2,000 contacts", message: "Yesterday's segment sync reported 12,400 contacts but only 10,400 arrived in our CRM. No errors in the log.", summary: "Segment sync silently dropped ~2,000 of 12,400 contacts.", product: "Integrations", topics: ["bug", "data-export"], aiTags: ["sync", "missing-records", "crm"], urgency: "HIGH", sentiment: "NEGATIVE" },
  { title: "Question about the EU data center", message: "Are we hosted in the EU region? Our DPO needs written confirmation for the records of processing.", summary: "Needs written confirmation of EU data residency for their DPO.", product: "Request Management", topics: ["permissions"], aiTags: ["data-residency", "eu", "gdpr"], urgency: "MEDIUM", sentiment: "NEUTRAL" },
  { title: "CSAT survey sent twice", message: "Customers are getting the satisfaction survey twice when a request closes. Some found it annoying.", summary: "CSAT survey is sent twice on close.", product: "Request Management", topics: ["bug"], aiTags: ["csat", "duplicate-email"], urgency: "MEDIUM", sentiment: "NEGATIVE" },
  { title: "Great onboarding session, follow-up questions", message: "Thanks for yesterday's session! Two follow-ups: can agents have personal views, and can we pin a filter?", summary: "Positive feedback on onboarding; asks about personal views and pinned filters.", product: "Request Management", topics: ["onboarding", "feature-request"], aiTags: ["views", "filters", "praise"], urgency: "LOW", sentiment: "POSITIVE" },
  { title: "Funnel report missing last week", message: "The funnel report has no data for Nov 10–16. Everything before and after is there.", summary: "Funnel report has a one-week data gap.", product: "Analytics", topics: ["bug"], aiTags: ["funnel", "data-gap"], urgency: "HIGH", sentiment: "NEUTRAL" },
  { title: "VAT number on invoices", message: "Please add our VAT number DE811234567 to all future invoices and reissue November's.", summary: "Add VAT number to invoices and reissue November's invoice.", product: "Billing", topics: ["billing"], aiTags: ["vat", "invoice"], urgency: "MEDIUM", sentiment: "NEUTRAL" },
];

/** Replies the team and customers write, by situation. */
export const TEAM_REPLIES = [
  "Thanks for reaching out — I'm looking into this now and will update you within the hour.",
  "Could you send a screenshot and the approximate time it happened? That helps us find it in the logs.",
  "We've reproduced it on our side and our engineers are on it.",
  "A fix is rolling out now; could you check again in 15 minutes?",
  "I've shared the steps in our help article; let me know if anything is unclear.",
  "Good news: this is resolved. I'll close the request, but reply here any time if it comes back.",
  "I've passed your feedback to the product team — it's on their list for next quarter.",
];

export const CUSTOMER_FOLLOW_UPS = [
  "Here's the screenshot. It happened around 9:40 our time.",
  "Thanks, that worked!",
  "Still seeing it on my side, unfortunately.",
  "Any update on this? It's blocking part of the team.",
  "Perfect, thank you for the quick help.",
  "Attached the export so you can see what I mean.",
];

export const INTERNAL_NOTES = [
  "Triage: looks like the same root cause as last week's incident.",
  "Checked the logs — errors started right after Tuesday's deploy.",
  "Escalated to engineering, ticket ENG-4821.",
  "Customer is on Enterprise, renewal in 6 weeks; keep them posted.",
  "Billing confirmed the correction; credit note issued.",
  "Workaround shared; leaving open until the permanent fix ships.",
  "Account manager looped in.",
];

export const CSAT_COMMENTS = [
  "Fast and friendly, thank you!",
  "Solved, but it took a few days.",
  "Great help as always.",
  "Would have liked an update sooner.",
  null,
];

// ─── Deterministic generation ─────────────────────────────────────────────────────────────────

/** mulberry32: a tiny seeded PRNG, so the demo data is the same everywhere. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T,
    chance: (p: number) => next() < p,
    id: (alphabet: string, length: number) =>
      Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join(""),
  };
}

export type SeedAttachment = { name: string; url: string; size: number | null };
export type SeedMessage = {
  externalId: string;
  thread: "CUSTOMER" | "INTERNAL";
  authorType: "CUSTOMER" | "TEAM";
  authorName: string;
  authorEmail: string | null;
  authorPlatformId: string | null;
  text: string;
  attachments: SeedAttachment[];
  sentAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
};
export type SeedRequest = {
  externalId: string;
  channel: Channel;
  title: string;
  summary: string;
  messageText: string;
  status: RequestStatus;
  urgency: Urgency;
  sentiment: Sentiment;
  aiTags: string[];
  assigneeName: string | null;
  assigneeEmail: string | null;
  requestorName: string;
  requestorEmail: string | null;
  requestorPlatformId: string | null;
  requestorCompany: string | null;
  permalink: string | null;
  internalNotificationLink: string | null;
  csatRating: number | null;
  csatComment: string | null;
  closedAt: Date | null;
  closedByName: string | null;
  customValues: Record<string, string | string[]>;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  messages: SeedMessage[];
};

const CHANNELS: Channel[] = ["SLACK", "EMAIL", "WEB", "MS_TEAMS"];
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

function statusForAge(r: ReturnType<typeof prng>, ageDays: number, i: number): RequestStatus {
  // Every status appears; older requests are mostly closed, recent ones mostly open.
  const forced: RequestStatus[] = ["OPEN", "IN_PROGRESS", "WAITING_ON_CUSTOMER", "ON_HOLD", "CLOSED"];
  if (i < forced.length) return forced[i] as RequestStatus;
  if (ageDays > 30) return r.chance(0.85) ? "CLOSED" : r.pick(["ON_HOLD", "WAITING_ON_CUSTOMER"] as const);
  if (ageDays > 14) return r.pick(["CLOSED", "CLOSED", "OPEN", "IN_PROGRESS", "WAITING_ON_CUSTOMER", "ON_HOLD"] as const);
  return r.pick(["OPEN", "OPEN", "OPEN", "IN_PROGRESS", "IN_PROGRESS", "WAITING_ON_CUSTOMER", "CLOSED"] as const);
}

function slackTs(at: Date, r: ReturnType<typeof prng>) {
  return `p${Math.floor(at.getTime() / 1000)}${r.id("0123456789", 6)}`;
}

function attachmentFor(r: ReturnType<typeof prng>, prefix: string): SeedAttachment {
  const kind = r.pick([
    { name: "screenshot.png", size: [80_000, 900_000] },
    { name: "export.csv", size: [2_000, 400_000] },
    { name: "invoice-2026-10.pdf", size: [40_000, 200_000] },
    { name: "console-log.txt", size: [1_000, 20_000] },
  ] as const);
  const size = r.chance(0.85) ? r.int(kind.size[0], kind.size[1]) : null;
  return { name: kind.name, url: `https://files.acme-support.example/${prefix}/${kind.name}`, size };
}

/**
 * The demo workspace's request history: `count` requests over the last `days` days, oldest first,
 * covering every channel, status, urgency and sentiment.
 */
export function buildDemoRequests(opts: { now: Date; count?: number; days?: number; seed?: number; customers?: Customer[] }): SeedRequest[] {
  const r = prng(opts.seed ?? 20261123);
  const count = opts.count ?? 60;
  const days = opts.days ?? 60;
  const customers = opts.customers ?? CUSTOMERS;
  const now = opts.now.getTime();

  // Spread creation times over the window, newest a few hours ago, in working hours-ish.
  const createdTimes = Array.from({ length: count }, (_, i) => {
    const ageDays = (days * (count - i - 0.5)) / count + (r.next() - 0.5);
    return Math.min(now - 3 * 60 * MINUTE, now - Math.max(ageDays, 0.15) * DAY + r.int(-90, 90) * MINUTE);
  }).sort((a, b) => a - b);

  // Newest requests get the forced statuses (index 0..4 of the newest-first order).
  const out: SeedRequest[] = [];
  for (let i = 0; i < count; i++) {
    const newestIndex = count - 1 - i;
    const createdAt = new Date(createdTimes[i] as number);
    const ageDays = (now - createdAt.getTime()) / DAY;
    const t = TEMPLATES[(i * 7) % TEMPLATES.length] as Template;
    const channel = i < 4 ? (CHANNELS[i] as Channel) : r.pick(CHANNELS);
    const knownCustomers = customers.filter((c) => c.email);
    // Everyone asks at least once (the oldest requests go round the list), then at random.
    const customer =
      i < knownCustomers.length ? (knownCustomers[i] as Customer) :
      channel === "WEB" && r.chance(0.12) ? (customers.find((c) => !c.email) ?? r.pick(knownCustomers)) :
      r.pick(knownCustomers);
    const status = statusForAge(r, ageDays, newestIndex);
    const assignee = status === "OPEN" && r.chance(0.5) ? null : r.pick(AGENTS);
    const urgency = i % 9 === 0 ? r.pick(["LOW", "MEDIUM", "HIGH", "URGENT"] as const) : t.urgency;
    const sentiment = i % 11 === 0 ? r.pick(["POSITIVE", "NEUTRAL", "NEGATIVE"] as const) : t.sentiment;
    const externalId = `seed-${String(i + 1).padStart(3, "0")}`;

    const platformId =
      channel === "SLACK" ? `U0${r.id("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", 9)}` :
      channel === "MS_TEAMS" ? `29:1${r.id("abcdefghijklmnopqrstuvwxyz0123456789", 20)}` :
      null;
    const permalink =
      channel === "SLACK" ? `https://acme-support.slack.com/archives/C04SHARED${r.id("0123456789", 2)}/${slackTs(createdAt, r)}` :
      channel === "MS_TEAMS" ? `https://teams.microsoft.com/l/message/19:${r.id("abcdef0123456789", 24)}@thread.tacv2/${createdAt.getTime()}` :
      channel === "WEB" ? `https://help.acme-support.example/requests/${externalId}` :
      null;
    const internalNotificationLink =
      channel === "MS_TEAMS"
        ? `https://teams.microsoft.com/l/message/19:triage${r.id("abcdef0123456789", 16)}@thread.tacv2/${createdAt.getTime() + 20_000}`
        : `https://acme-support.slack.com/archives/C04TRIAGE01/${slackTs(new Date(createdAt.getTime() + 20_000), r)}`;

    // Customer thread: the opening message, then replies back and forth (1–8 messages).
    const messages: SeedMessage[] = [];
    let at = createdAt.getTime();
    const customerMessageCount = r.int(1, 8);
    const latest = now - 10 * MINUTE;
    const lastPossible = status === "CLOSED" ? Math.min(latest, at + r.int(1, Math.max(1, Math.min(10, Math.floor(ageDays)))) * DAY) : latest;
    const step = Math.max(MINUTE, (lastPossible - at) / (customerMessageCount + 1));
    for (let m = 0; m < customerMessageCount; m++) {
      const fromCustomer = m % 2 === 0;
      const text =
        m === 0 ? t.message :
        fromCustomer ? r.pick(CUSTOMER_FOLLOW_UPS) :
        m === customerMessageCount - 1 && status === "CLOSED" ? TEAM_REPLIES[5] as string : r.pick(TEAM_REPLIES);
      const author = fromCustomer
        ? { authorType: "CUSTOMER" as const, authorName: customer.name, authorEmail: customer.email || null, authorPlatformId: platformId }
        : { authorType: "TEAM" as const, authorName: (assignee ?? AGENTS[0]).name, authorEmail: (assignee ?? AGENTS[0]).email, authorPlatformId: null };
      if (m > 0) at = Math.min(at + step * (0.5 + r.next()), latest - (customerMessageCount - m) * MINUTE);
      const sentAt = new Date(at);
      const edited = m > 0 && r.chance(0.12);
      const deleted = m > 0 && !edited && r.chance(0.06);
      messages.push({
        externalId: `${externalId}-c${m + 1}`,
        thread: "CUSTOMER",
        ...author,
        text: edited ? `${text} (edited: added details)` : text,
        attachments: m > 0 && fromCustomer && r.chance(0.35) ? [attachmentFor(r, `${externalId}-c${m + 1}`)] : m === 0 && r.chance(0.15) ? [attachmentFor(r, `${externalId}-c1`)] : [],
        sentAt,
        editedAt: edited ? new Date(Math.min(now - MINUTE, sentAt.getTime() + r.int(2, 30) * MINUTE)) : null,
        deletedAt: deleted ? new Date(Math.min(now - MINUTE, sentAt.getTime() + r.int(1, 10) * MINUTE)) : null,
      });
    }

    // Internal thread: triage notes by the team (1–4 messages).
    const internalCount = r.int(1, 4);
    let internalAt = createdAt.getTime() + r.int(2, 25) * MINUTE;
    for (let m = 0; m < internalCount; m++) {
      const agent = m === 0 ? AGENTS[0] : r.pick(AGENTS);
      const sentAt = new Date(Math.min(internalAt, now - MINUTE));
      const edited = r.chance(0.1);
      messages.push({
        externalId: `${externalId}-i${m + 1}`,
        thread: "INTERNAL",
        authorType: "TEAM",
        authorName: agent.name,
        authorEmail: agent.email,
        authorPlatformId: null,
        text: r.pick(INTERNAL_NOTES),
        attachments: r.chance(0.08) ? [attachmentFor(r, `${externalId}-i${m + 1}`)] : [],
        sentAt,
        editedAt: edited ? new Date(Math.min(now - MINUTE, sentAt.getTime() + r.int(1, 15) * MINUTE)) : null,
        deletedAt: null,
      });
      internalAt += r.int(10, 240) * MINUTE;
    }

    const lastMessageAt = Math.max(...messages.map((x) => (x.editedAt ?? x.sentAt).getTime()));
    const closedAt = status === "CLOSED" ? new Date(Math.min(now - MINUTE, lastMessageAt + r.int(5, 120) * MINUTE)) : null;
    const csatRating = closedAt && r.chance(0.75) ? r.pick([5, 5, 5, 4, 4, 3, 2, 1]) : null;
    const topics = [...t.topics];
    if (r.chance(0.2)) topics.push(r.pick(CUSTOM_FIELDS[2].allowedValues));
    const customValues: Record<string, string | string[]> = { product: t.product, topics: [...new Set(topics)] };
    if (customer.company) customValues.region = customer.region;

    out.push({
      externalId,
      channel,
      title: t.title,
      summary: t.summary,
      messageText: t.message,
      status,
      urgency,
      sentiment,
      aiTags: t.aiTags,
      assigneeName: assignee?.name ?? null,
      assigneeEmail: assignee?.email ?? null,
      requestorName: customer.name,
      requestorEmail: customer.email || null,
      requestorPlatformId: platformId,
      requestorCompany: customer.company || null,
      permalink,
      internalNotificationLink,
      csatRating,
      csatComment: csatRating ? r.pick(CSAT_COMMENTS) : null,
      closedAt,
      closedByName: closedAt ? (assignee ?? AGENTS[0]).name : null,
      customValues,
      version: messages.length + (closedAt ? 1 : 0),
      createdAt,
      updatedAt: new Date(Math.max(lastMessageAt, closedAt?.getTime() ?? 0)),
      messages,
    });
  }
  return out;
}

/** A handful of requests for the second workspace, so switching workspaces shows different data. */
export function buildGlobexRequests(now: Date): SeedRequest[] {
  return buildDemoRequests({
    now,
    count: 6,
    days: 20,
    seed: 4242,
    customers: [
      { name: "Rachel Green", email: "rachel.green@initech.com", company: "Initech", region: "North America" },
      { name: "Samir Nagheenanajar", email: "samir@initech.com", company: "Initech", region: "North America" },
      { name: "Joanna Hale", email: "joanna.hale@chotchkies.com", company: "Chotchkie's", region: "North America" },
    ],
  }).map((req) => ({
    ...req,
    // Globex defines no custom fields: its requests carry no custom values.
    customValues: {},
    externalId: req.externalId.replace("seed-", "globex-"),
    messages: req.messages.map((m) => ({ ...m, externalId: m.externalId.replace("seed-", "globex-") })),
  }));
}
