import { expect, test, type Page } from "@playwright/test";
import { DEMO_ADMIN_USERNAME, DEMO_MATCH_CASES, DEMO_ORG_SLUG } from "@/lib/sandbox/salesforce/seed-demo";
import { SalesforceControlClient } from "@/lib/sandbox/salesforce/control-client";
import { disconnectIntegration } from "@/lib/integrations/disconnect-integration";
import { db } from "./helpers/db";
import { e2eSettings } from "./helpers/settings";
import { createRequestThroughApi, createTeam, runRecordedEvents, signInAs, type Team } from "./helpers/sync";

/**
 * Salesforce against the run's emulator, in order: connect through the emulator's OAuth pages
 * (the dialog, the "Allow Access?" page, the callback), the set-up progress and report, a request
 * posted through the API appearing as a Request__c record in the emulator view, and a request
 * whose requestor matches no Account showing the reason and the fix on its page.
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
});

test("a request whose requestor matches no Account is not synced, and its page shows why and the fix", async ({ page }) => {
  const email = DEMO_MATCH_CASES.domainNoAccount.email!;
  const request = await createRequestThroughApi(team, { title: "Invoice PDF is blank", requestor: { name: "New Person", email, company: "Unmatched Ltd" } });
  await runRecordedEvents({ type: "request", id: request.id });
  const sync = await db().requestSync.findFirstOrThrow({ where: { requestId: request.id } });
  expect(sync.reasonCode).toBe("no_account_for_domain");

  await signInAs(page, team.owner);
  await page.goto(`/w/${team.slug}/requests/${request.number}`);
  await expect(page.getByText("No Account found").first()).toBeVisible();
  await expect(page.getByText(`Add ${email} as a Contact of the right Account in Salesforce`).first()).toBeVisible();
  await page.screenshot({ path: shot("salesforce-request-no-account"), fullPage: true });
});
