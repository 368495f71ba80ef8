import { expect, test, type Page } from "@playwright/test";
import { DEMO_ADMIN_USERNAME, DEMO_MATCH_CASES, DEMO_ORG_SLUG } from "@/lib/sandbox/salesforce/seed-demo";
import { SalesforceControlClient } from "@/lib/sandbox/salesforce/control-client";
import { disconnectIntegration } from "@/lib/integrations/disconnect-integration";
import { db } from "./helpers/db";
import { e2eSettings } from "./helpers/settings";
import { createRequestThroughApi, createTeam, pageAs, runRecordedEvents, signInAs, type Team } from "./helpers/sync";

/**
 * Salesforce against the run's emulator, in order: connect through the emulator's OAuth pages
 * (the dialog, the "Allow Access?" page, the callback), the set-up progress and report, a request
 * posted through the API appearing as a Request__c record in the emulator view (and its page showing
 * the Contact and Account it is linked to), a request whose requestor matches no Account showing
 * the reason, the fix, the matching path with its evidence and Re-check now's answer on its page,
 * and one matching several Accounts showing the candidates.
 *
 * The app runs no Inngest functions here: the spec runs the real ones (@inngest/test) for the
 * events the app recorded, against the same database and emulator.
 */
test.describe.configure({ mode: "serial", timeout: 120_000 });

const shot = (name: string) => `reports/screenshots/${name}.png`;
const EMULATOR = e2eSettings().salesforceSandboxUrl;
const control = new SalesforceControlClient({ baseUrl: EMULATOR });
let team: Team;
let orgId: string;

const syncStatus = (page: Page) => page.locator("section").filter({ has: page.getByRole("heading", { name: "Sync status", exact: true }) });
const salesforceCard = (page: Page) => page.locator("section").filter({ has: page.getByRole("heading", { name: "Salesforce", exact: true }) }).first();

test.beforeAll(async () => {
  const org = (await control.listOrgs()).find((o) => o.slug === DEMO_ORG_SLUG);
  expect(org, `the Salesforce emulator at ${EMULATOR} has the demo org`).toBeDefined();
  orgId = org!.id;
  // One org serves one workspace: free the demo org from an earlier attempt's team.
  const taken = await db().integration.findMany({ where: { provider: "SALESFORCE", remoteTenant: orgId, status: { not: "DISCONNECTED" } } });
  for (const i of taken) await disconnectIntegration({ workspaceId: i.workspaceId, integrationId: i.id });
  team = await createTeam("salesforce");
});

test("connects the emulator's demo org through its OAuth pages, then shows the set-up progress and report", async ({ page }) => {
  await signInAs(page, team.owner);
  await page.goto(`/w/${team.slug}/integrations`);
  const card = salesforceCard(page);
  await expect(card.getByText("Not connected")).toBeVisible();
  await expect(card.getByText(EMULATOR, { exact: true }), `the web server must run with SALESFORCE_SANDBOX_URL=${EMULATOR}`).toBeVisible();
  await page.screenshot({ path: shot("salesforce-not-connected"), fullPage: true });

  await card.getByRole("button", { name: "Use the emulator" }).click();
  const dialog = page.getByRole("dialog", { name: "Connect Salesforce" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("radio", { name: /Ferry’s Salesforce emulator/ })).toBeChecked();
  await expect(dialog.getByRole("radio", { name: /^Production/ })).toBeChecked();
  // Keyboard: the dialog keeps focus inside and Escape closes it.
  await expect(dialog.getByRole("button", { name: "Continue to Salesforce" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await card.getByRole("button", { name: "Use the emulator" }).click();
  await page.screenshot({ path: shot("salesforce-connect-dialog") });
  await dialog.getByRole("button", { name: "Continue to Salesforce" }).click();

  // The emulator's login host: "Allow Access?" with one choice per user of its production orgs.
  await expect(page).toHaveURL(new RegExp(`^${EMULATOR}/login/services/oauth2/authorize\\?`));
  const authorize = new URL(page.url());
  expect(authorize.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
  await page.getByRole("radio", { name: new RegExp(DEMO_ADMIN_USERNAME.replace(/[.]/g, "\\.")) }).check();
  await page.screenshot({ path: shot("salesforce-emulator-allow-page") });
  await page.getByRole("button", { name: "Allow" }).click();

  await expect(page).toHaveURL(new RegExp(`/w/${team.slug}/integrations\\?salesforce=connected$`));
  await expect(page.getByText("Salesforce is connected")).toBeVisible();
  await expect(card.getByText("Connected", { exact: true })).toBeVisible();
  await expect(card.getByText(orgId)).toBeVisible();
  await expect(card.getByText(DEMO_ADMIN_USERNAME)).toBeVisible();
  await expect(card.getByText("Setting up… Ferry is creating the Request object and its fields")).toBeVisible();
  await expect(card.getByText(/of 15,000 in the last 24 h/)).toBeVisible();
  await page.screenshot({ path: shot("salesforce-connected-setting-up"), fullPage: true });

  // What Inngest does on "connected": Ferry's set-up in the org.
  const integration = await db().integration.findFirstOrThrow({ where: { workspaceId: team.id, provider: "SALESFORCE", status: "CONNECTED" } });
  const { runs } = await runRecordedEvents({ type: "integration", id: integration.id });
  expect(runs.map((r) => [r.fn, r.error ?? null])).toEqual([["ensure-salesforce-schema", null]]);

  await page.reload();
  const progress = card.getByRole("progressbar", { name: "Set-up progress" });
  await expect(progress).toBeVisible();
  const total = Number(await progress.getAttribute("aria-valuemax"));
  expect(total).toBeGreaterThanOrEqual(21);
  await expect(progress).toHaveAttribute("aria-valuenow", String(total));
  await expect(card.getByText(`Request__c and all ${total} fields exist, visible and writable for System Administrator.`)).toBeVisible();
  await card.getByText(`Fields Ferry writes (${total})`).click();
  await expect(card.getByRole("row", { name: /Ferry RequestId RequestId__c Text Ready/ })).toBeVisible();

  // Running the set-up again creates nothing.
  await card.getByRole("button", { name: "Check again" }).click();
  await expect(card.getByText(`Nothing to do: Request__c and all ${total} fields are ready.`)).toBeVisible();
  await page.screenshot({ path: shot("salesforce-setup-report"), fullPage: true });
});

test("a request posted through the API appears as a Request__c record on its Contact and Account in the emulator view", async ({ page }) => {
  const integration = await db().integration.findFirstOrThrow({ where: { workspaceId: team.id, provider: "SALESFORCE", status: "CONNECTED" } });
  const request = await createRequestThroughApi(team, {
    title: "Export to CSV drops the last row",
    requestor: { name: "Jane Doe", email: DEMO_MATCH_CASES.contactByEmail.email!, company: "Acme Corp" },
  });
  const { runs } = await runRecordedEvents({ type: "request", id: request.id });
  expect(runs.filter((r) => r.fn === "push-request-to-salesforce").map((r) => r.error ?? null)).toEqual([null]);

  await signInAs(page, team.owner);
  await page.goto(`/w/${team.slug}/integrations`);
  await salesforceCard(page).getByRole("link", { name: "Browse the emulator org" }).click();
  await expect(page).toHaveURL(new RegExp(`/integrations/${integration.id}/salesforce$`));
  await expect(page.getByRole("heading", { name: "Salesforce emulator", level: 1 })).toBeVisible();
  const records = page.getByRole("list", { name: "Request records" });
  const record = records.getByRole("listitem").filter({ hasText: request.title });
  await expect(record).toBeVisible();
  await expect(record.getByText("Account: Acme Corp")).toBeVisible();
  await expect(record.getByText("Contact: Jane Doe")).toBeVisible();
  await record.getByText(/fields? with a value/).click();
  await expect(record.getByText(request.id)).toBeVisible();
  await page.screenshot({ path: shot("salesforce-emulator-requests"), fullPage: true });

  await page.getByRole("tab", { name: /Accounts/ }).click();
  await expect(page.getByRole("table", { name: "Accounts" }).getByRole("row", { name: /Acme Corp/ })).toBeVisible();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("tab", { name: /Contacts/ })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("table", { name: "Contacts" }).getByRole("row", { name: /Jane Doe/ })).toBeVisible();

  // The request's page: synced, rule 1 (the requestor is a Contact) and what it is linked to.
  await page.goto(`/w/${team.slug}/requests/${request.number}`);
  const status = syncStatus(page);
  await expect(status.getByText("Synced to Salesforce")).toBeVisible();
  await status.getByText("How the request matches in Salesforce").click();
  const rules = status.getByRole("list", { name: "Salesforce matching rules" });
  await expect(rules.locator('li[aria-current="step"]')).toContainText("The requestor is a Contact");
  await expect(rules.locator('li[aria-current="step"]')).toContainText("Linked");
  const linked = status.locator("dt", { hasText: "Linked to" }).locator("xpath=following-sibling::dd[1]");
  await expect(linked).toContainText("Acme Corp");
  await expect(linked).toContainText("Jane Doe");
  // On the emulator, records open in the emulator view (Salesforce's own pages for a real org).
  await expect(linked.getByRole("link", { name: /Acme Corp: open the Account in the emulator view/ })).toHaveAttribute(
    "href",
    `/w/${team.slug}/integrations/${integration.id}/salesforce?tab=accounts`,
  );
  await page.screenshot({ path: shot("salesforce-request-synced"), fullPage: true });
});

test("a request whose requestor matches no Account is not synced, and its page shows why, the fix, the matching path with its evidence and Re-check now's answer", async ({
  page,
  browser,
}) => {
  const email = DEMO_MATCH_CASES.domainNoAccount.email!;
  const request = await createRequestThroughApi(team, { title: "Invoice PDF is blank", requestor: { name: "New Person", email, company: "Unmatched Ltd" } });
  await runRecordedEvents({ type: "request", id: request.id });
  const sync = await db().requestSync.findFirstOrThrow({ where: { requestId: request.id } });
  expect(sync.reasonCode).toBe("no_account_for_domain");

  await signInAs(page, team.owner);
  await page.goto(`/w/${team.slug}/requests/${request.number}`);
  await expect(page.getByText("No Account found").first()).toBeVisible();
  await expect(page.getByText(`Add ${email} as a Contact of the right Account in Salesforce`).first()).toBeVisible();

  // The matching path: rule 1 tried (no Contact with this email), rule 2 decided (no Account with
  // a contact at the domain), rule 3 not reached; each lookup with its SOQL and what it found.
  const status = syncStatus(page);
  const rules = status.getByRole("list", { name: "Salesforce matching rules" });
  await expect(rules.getByRole("listitem")).toHaveCount(3);
  const taken = rules.locator('li[aria-current="step"]');
  await expect(taken).toHaveCount(1);
  await expect(taken).toContainText("An Account has contacts at the email's domain");
  await expect(taken).toContainText("Not synced");
  await expect(rules.getByRole("listitem").nth(0)).toContainText("Did not apply");
  await expect(rules.getByRole("listitem").nth(2)).toContainText("Not reached");
  await expect(status.getByText("Rule 2 decided at the last push: not synced (the reason is above).")).toBeVisible();
  const evidence = status.getByRole("list", { name: "Salesforce lookups" });
  await expect(evidence.getByRole("listitem", { name: `Lookup 1: Contacts with the email ${email}` })).toContainText("none found");
  const byDomain = evidence.getByRole("listitem", { name: "Lookup 2: Accounts with a contact at @unmatched.example" });
  await expect(byDomain).toContainText("none found");
  await expect(byDomain).toContainText("SELECT Id, Name FROM Account WHERE Id IN (SELECT AccountId FROM Contact WHERE Email LIKE '%@unmatched.example')");
  await expect(status.getByRole("region", { name: "Recent attempts" }).getByText("Skipped")).toBeVisible();
  await page.screenshot({ path: shot("salesforce-request-no-account"), fullPage: true });

  // Re-check now answers for Salesforce (the same rules against the org, nothing written).
  const logs = await db().syncLog.count({ where: { requestId: request.id } });
  await status.getByRole("button", { name: "Re-check now" }).click();
  const recheck = status.getByRole("region", { name: "Re-check result" });
  await expect(recheck.getByText("Re-check: still not synced — No Account found")).toBeVisible();
  await expect(recheck.getByText(/against live Salesforce with 2 calls; nothing was written\./)).toBeVisible();
  await expect(status.getByText("Re-check now: rule 2 decides today: not synced (the reason is above).")).toBeVisible();
  await recheck.getByText("Calls made by the re-check").click();
  await expect(recheck.getByRole("table", { name: "Calls made by the re-check" }).getByRole("row")).toHaveCount(3);
  expect(await db().syncLog.count({ where: { requestId: request.id } })).toBe(logs);
  expect(await db().requestSync.findFirstOrThrow({ where: { requestId: request.id } })).toMatchObject({ state: "SKIPPED", reasonCode: "no_account_for_domain" });
  await page.screenshot({ path: shot("salesforce-request-recheck"), fullPage: true });

  // A support lead re-checks too (keyboard: the button is reachable and answers on Enter).
  const support = await pageAs(browser, team.support);
  await support.goto(`/w/${team.slug}/requests/${request.number}`);
  await syncStatus(support).getByRole("button", { name: "Re-check now" }).focus();
  await support.keyboard.press("Enter");
  await expect(syncStatus(support).getByRole("region", { name: "Re-check result" }).getByText("Re-check: still not synced — No Account found")).toBeVisible();
  await support.context().close();
});

test("a request whose requestor's domain matches several Accounts shows the candidates, never a guess", async ({ page }) => {
  const integration = await db().integration.findFirstOrThrow({ where: { workspaceId: team.id, provider: "SALESFORCE", status: "CONNECTED" } });
  const email = DEMO_MATCH_CASES.domainSeveralAccounts.email!;
  const request = await createRequestThroughApi(team, { title: "Two-factor codes arrive late", requestor: { name: "New Person", email, company: "Globex" } });
  await runRecordedEvents({ type: "request", id: request.id });
  expect(await db().requestSync.findFirstOrThrow({ where: { requestId: request.id } })).toMatchObject({ state: "SKIPPED", reasonCode: "several_accounts_for_domain" });

  await signInAs(page, team.owner);
  await page.goto(`/w/${team.slug}/requests/${request.number}`);
  const candidates = syncStatus(page).getByRole("list", { name: "Candidate Accounts" });
  await expect(candidates.getByRole("listitem")).toHaveCount(2);
  for (const name of ["Globex Cloud", "Globex Labs"]) {
    await expect(candidates.getByRole("link", { name: new RegExp(`^${name}: open the Account`) })).toHaveAttribute(
      "href",
      `/w/${team.slug}/integrations/${integration.id}/salesforce?tab=accounts`,
    );
  }
  await page.screenshot({ path: shot("salesforce-request-several-accounts"), fullPage: true });

  // The attempt in Sync logs: its detail shows the same matching decision and the Salesforce calls.
  await page.goto(`/w/${team.slug}/sync-logs?q=${encodeURIComponent(`#${request.number}`)}`);
  const rows = page.getByRole("table", { name: "Sync attempts", exact: true }).locator("tbody tr");
  await expect(rows).toHaveCount(1);
  await rows.first().getByRole("button", { name: /Details/ }).click();
  const detail = page.getByRole("dialog", { name: `Sync attempt for request #${request.number}` });
  await expect(detail.getByText("Several Accounts match the email domain")).toBeVisible();
  const decision = detail.getByRole("region", { name: "Matching decision" });
  await expect(decision.locator('li[aria-current="step"]')).toContainText("An Account has contacts at the email's domain");
  await expect(decision.getByText("Rule 2 decided in this attempt: not synced (the reason is above).")).toBeVisible();
  await expect(decision.getByRole("list", { name: "Candidate Accounts" }).getByRole("listitem")).toHaveCount(2);
  await expect(detail.getByRole("table", { name: "Calls to Salesforce" }).getByRole("row")).toHaveCount(3);
  await page.screenshot({ path: shot("salesforce-sync-log-detail") });
  await page.keyboard.press("Escape");
  await expect(detail).toBeHidden();

  // While Salesforce's daily limit pauses the integration, the request page says so and until when.
  const until = new Date(Date.now() + 15 * 60_000);
  await db().integration.update({ where: { id: integration.id }, data: { pausedUntil: until, pauseReason: "Salesforce API usage is 13,600 of 15,000 calls in the last 24 h." } });
  try {
    await page.goto(`/w/${team.slug}/requests/${request.number}`);
    const status = syncStatus(page);
    await expect(status.getByText("Paused: daily API limit")).toBeVisible();
    await expect(status.getByText("Pushes to Salesforce are paused until")).toBeVisible();
    await expect(status.getByText("Salesforce API usage is 13,600 of 15,000 calls in the last 24 h.")).toBeVisible();
    await expect(status.locator(`time[datetime="${until.toISOString()}"]`)).toBeVisible();
  } finally {
    await db().integration.update({ where: { id: integration.id }, data: { pausedUntil: null, pauseReason: null } });
  }
});
