import { expect, test, type Page } from "@playwright/test";
import { DEMO_ADMINS, DEMO_LINK_CASES } from "@/lib/sandbox/vitally/seed-demo";
import { db } from "./helpers/db";
import {
  addMessageThroughApi,
  addSandboxTenant,
  connectTeam,
  control,
  createRequestThroughApi,
  createTeam,
  ensureSandbox,
  runRecordedEvents,
  signInAs,
  type Team,
  type Tenant,
} from "./helpers/sync";

/**
 * Vitally conversations, end to end: the settings (a wrong and a deactivated default admin are
 * refused with their own words, an active one is saved with the switch on), then a request created
 * through the public API whose customer thread shows up as a conversation in the sandbox view,
 * and a held message a support lead skips from the request page. The real Inngest functions run
 * (@inngest/test) for the events the app recorded, against the same database and sandbox.
 */
test.describe.configure({ mode: "serial", timeout: 120_000 });

const shot = (name: string) => `reports/screenshots/${name}.png`;
const CUSTOMER = DEMO_LINK_CASES.noOrgOneAccount;

let team: Team;
let tenant: Tenant;
let integrationId: string;

const conversationForm = (page: Page) => page.getByRole("form", { name: "Vitally conversations" });
const settingsOf = async () => (await db().integration.findUniqueOrThrow({ where: { id: integrationId } })).settings;

test.beforeAll(async () => {
  await ensureSandbox();
  team = await createTeam("conversations");
  tenant = await addSandboxTenant("conversations");
  const integration = await connectTeam(team, tenant);
  integrationId = integration.id;
  const schema = await runRecordedEvents({ type: "integration", id: integration.id });
  expect(schema.runs).toEqual([expect.objectContaining({ fn: "ensure-vitally-schema", error: undefined })]);
});

test("settings: a default admin who is not in Vitally, then a deactivated one, are refused with their own words; an active one is saved with the switch on", async ({ page }) => {
  await signInAs(page, team.owner);
  await page.goto(`/w/${team.slug}/integrations`);
  const form = conversationForm(page);
  const sync = form.getByRole("switch", { name: "Sync threads as Vitally conversations" });
  const email = form.getByLabel("Default admin email");
  const save = form.getByRole("button", { name: "Save conversation settings" });
  await expect(sync).toHaveAttribute("aria-checked", "false");
  await expect(save).toBeDisabled();

  await sync.click();
  await email.fill("ada@ferry-demo.example");
  await save.click();
  await expect(form.getByText("No Vitally admin has the email ada@ferry-demo.example. Use the email of a member of your Vitally team (Vitally → Settings → Team), exactly as it appears there.")).toBeVisible();
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await page.screenshot({ path: shot("conversations-settings-unknown-admin"), fullPage: true });

  await email.fill(DEMO_ADMINS.deactivated);
  await save.click();
  await expect(
    form.getByText(`Dan Deactivated (${DEMO_ADMINS.deactivated}) is a deactivated Vitally admin. Reactivate them in Vitally, or enter the email of an active admin.`),
  ).toBeVisible();
  expect(await settingsOf()).toMatchObject({ syncConversations: false, defaultAdminEmail: null });

  // The switch on without an admin: the email is required.
  await email.fill("");
  await save.click();
  await expect(form.getByText(/^Enter the email of an active Vitally admin/)).toBeVisible();

  await email.fill(DEMO_ADMINS.active);
  await save.click();
  await expect(form.getByText(`Saved. Customer threads of new requests go to Vitally as conversations; Ada Active (${DEMO_ADMINS.active}) stands in`, { exact: false })).toBeVisible();
  await expect(email).not.toHaveAttribute("aria-invalid", "true");
  expect(await settingsOf()).toMatchObject({ syncConversations: true, defaultAdminEmail: DEMO_ADMINS.active, pushNewRequests: true, updateExistingRequests: true });
  await page.screenshot({ path: shot("conversations-settings-saved"), fullPage: true });

  await page.reload();
  await expect(conversationForm(page).getByRole("switch", { name: "Sync threads as Vitally conversations" })).toHaveAttribute("aria-checked", "true");
  await expect(conversationForm(page).getByLabel("Default admin email")).toHaveValue(DEMO_ADMINS.active);
  await expect(conversationForm(page).getByRole("button", { name: "Save conversation settings" })).toBeDisabled();
});

test("a request created through the API: its thread becomes a conversation, shown on the request page and in the sandbox view", async ({ page }) => {
  const created = await createRequestThroughApi(team, {
    title: "Exports time out after 30 seconds",
    requestor: { name: "Nora Case", email: CUSTOMER },
    messageText: "Every CSV export of last month's orders times out.",
  });
  let seen = (await runRecordedEvents({ type: "request", id: created.id }, 0n, { conversations: true })).lastId;
  await addMessageThroughApi(team, created.id, { thread: "customer", author: { type: "team", name: "Olivia Owner", email: team.owner.email }, text: "Thanks Nora, we are looking into it." });
  await addMessageThroughApi(team, created.id, { thread: "customer", author: { type: "customer", name: "Nora Case", email: CUSTOMER }, text: "It works again for small months." });
  await addMessageThroughApi(team, created.id, { thread: "internal", author: { type: "team", name: "Olivia Owner", email: team.owner.email }, text: "Probably the 30 s proxy timeout." });
  const follow = await runRecordedEvents({ type: "request", id: created.id }, seen, { conversations: true });
  seen = follow.lastId;
  const conversationRuns = follow.runs.filter((r) => r.fn === "push-conversation-to-vitally");
  expect(conversationRuns.length).toBeGreaterThan(0);
  expect(conversationRuns.map((r) => r.error)).toEqual(conversationRuns.map(() => undefined));

  const sync = await db().conversationSync.findFirstOrThrow({ where: { requestId: created.id, integrationId } });
  expect(sync).toMatchObject({ state: "SYNCED", remoteId: expect.any(String) });

  await signInAs(page, team.owner);
  await page.goto(`/w/${team.slug}/requests/${created.number}`);
  const conversation = page.getByRole("region", { name: "Vitally conversation" });
  await expect(conversation.getByText("In Vitally", { exact: true })).toBeVisible();
  await expect(conversation.getByText(sync.remoteId!, { exact: true })).toBeVisible();
  const counts = conversation.getByRole("definition").filter({ hasText: /^\d+$/ });
  await expect(conversation.locator("dt", { hasText: "Synced" }).locator("xpath=following-sibling::dd[1]")).toHaveText("2");
  await expect(conversation.locator("dt", { hasText: "Held" }).locator("xpath=following-sibling::dd[1]")).toHaveText("0");
  await expect(conversation.locator("dt", { hasText: "Failed" }).locator("xpath=following-sibling::dd[1]")).toHaveText("0");
  expect(await counts.count()).toBe(5);
  await expect(conversation.getByText("1 internal note stays out of the conversation by design", { exact: false })).toBeVisible();
  await page.screenshot({ path: shot("conversations-request-page"), fullPage: true });

  await conversation.getByRole("link", { name: "Open in the sandbox view" }).click();
  await expect(page).toHaveURL(/\/sandbox\?tab=conversations/);
  await expect(page.getByRole("tab", { name: /Conversations/ })).toHaveAttribute("aria-selected", "true");
  const item = page.getByRole("list", { name: "Conversations" }).locator(`[id="conversation-${sync.remoteId}"]`);
  await expect(item.getByText("Exports time out after 30 seconds", { exact: true })).toBeVisible();
  await expect(item.getByText(`ferry-request-${created.id}`, { exact: false })).toBeVisible();
  const messages = item.getByRole("list", { name: "Messages of Exports time out after 30 seconds" }).getByRole("listitem");
  await expect(messages).toHaveCount(3);
  await expect(messages.nth(0)).toContainText("Every CSV export of last month's orders times out.");
  await expect(messages.nth(0)).toContainText(`<${CUSTOMER}> to Ada Active <${DEMO_ADMINS.active}>`);
  // The owner is no Vitally admin: the default admin speaks for the team.
  await expect(messages.nth(1)).toContainText(`Ada Active <${DEMO_ADMINS.active}> to`);
  await expect(messages.nth(1)).toContainText("Thanks Nora, we are looking into it.");
  await expect(messages.nth(2)).toContainText("It works again for small months.");
  await expect(item).not.toContainText("Probably the 30 s proxy timeout.");
  await page.screenshot({ path: shot("conversations-sandbox-view"), fullPage: true });

  // What the sandbox holds, read without the dashboard: one conversation for the request.
  const state = await control.state(tenant.key);
  const mine = (state.data.conversations ?? []).filter((c) => c.externalId === `ferry-request-${created.id}`);
  expect(mine).toHaveLength(1);
});

test("a held message: its reason and fix on the request page, and a support lead skips it so the later ones go", async ({ page }) => {
  const created = await createRequestThroughApi(team, { title: "Invoices list the wrong VAT", requestor: { name: "Nora Case", email: CUSTOMER } });
  let seen = (await runRecordedEvents({ type: "request", id: created.id }, 0n, { conversations: true })).lastId;
  // A colleague of the customer writes without an email: Ferry cannot tell Vitally who sent it.
  await addMessageThroughApi(team, created.id, { thread: "customer", author: { type: "customer", name: "Kim Colleague" }, text: "Same VAT problem on our side." });
  await addMessageThroughApi(team, created.id, { thread: "customer", author: { type: "customer", name: "Nora Case", email: CUSTOMER }, text: "Any news on the VAT?" });
  seen = (await runRecordedEvents({ type: "request", id: created.id }, seen, { conversations: true })).lastId;

  await signInAs(page, team.support);
  await page.goto(`/w/${team.slug}/requests/${created.number}`);
  const conversation = page.getByRole("region", { name: "Vitally conversation" });
  await expect(conversation.locator("dt", { hasText: "Held" }).locator("xpath=following-sibling::dd[1]")).toHaveText("2");
  const held = conversation.getByRole("region", { name: "Held messages" }).getByRole("listitem");
  await expect(held).toHaveCount(2);
  await expect(held.nth(0)).toContainText("Kim Colleague");
  await expect(held.nth(0)).toContainText("Same VAT problem on our side.");
  await expect(held.nth(0)).toContainText("What to do:");
  await expect(held.nth(1)).toContainText("Any news on the VAT?");
  // Opening the sandbox view is for owners and admins.
  await expect(conversation.getByRole("link", { name: "Open in the sandbox view" })).toHaveCount(0);
  await page.screenshot({ path: shot("conversations-held"), fullPage: true });

  await conversation.getByRole("button", { name: "Skip the message from Kim Colleague" }).click();
  await expect(conversation.getByText("Skipped the message from Kim Colleague. The later messages go to Vitally in a moment.")).toBeVisible();
  const skipped = await runRecordedEvents({ type: "request", id: created.id }, seen, { conversations: true });
  expect(skipped.runs.filter((r) => r.fn === "push-conversation-to-vitally")).toEqual([expect.objectContaining({ error: undefined, result: expect.objectContaining({ status: "synced" }) })]);

  await page.reload();
  await expect(conversation.locator("dt", { hasText: "Held" }).locator("xpath=following-sibling::dd[1]")).toHaveText("0");
  await expect(conversation.locator("dt", { hasText: "Skipped" }).locator("xpath=following-sibling::dd[1]")).toHaveText("1");
  await expect(conversation.locator("dt", { hasText: "Synced" }).locator("xpath=following-sibling::dd[1]")).toHaveText("1");
  await expect(conversation.getByRole("region", { name: "Held messages" })).toHaveCount(0);
  await page.screenshot({ path: shot("conversations-after-skip"), fullPage: true });
});

test("sync logs: the kind filter offers conversations and messages, and their rows read in words", async ({ page }) => {
  await signInAs(page, team.support);
  await page.goto(`/w/${team.slug}/sync-logs?kind=message`);
  await expect(page.getByLabel("Kind")).toHaveValue("MESSAGE");
  const options = await page.getByLabel("Kind").locator("option").allTextContents();
  expect(options).toEqual(expect.arrayContaining(["Conversation", "Message"]));
  const rows = page.getByRole("table", { name: "Sync attempts", exact: true }).locator("tbody tr");
  await expect(rows.filter({ hasText: "Sam Support skipped this message" }).first()).toBeVisible();
  await rows.filter({ hasText: "Sam Support skipped this message" }).first().click();
  const detail = page.getByRole("dialog");
  await expect(detail.getByText("Vitally · Message")).toBeVisible();
  await expect(detail.locator("dt", { hasText: "Started by" }).locator("xpath=following-sibling::dd[1]")).toHaveText("Held message skipped");
  await page.screenshot({ path: shot("conversations-sync-log-detail") });
});
