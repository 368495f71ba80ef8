import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { DEMO_EMAIL_DOMAINS, DEMO_LINK_CASES } from "@/lib/sandbox/vitally/seed-demo";
import { VitallyClient } from "@/lib/vitally/client";
import { db } from "./helpers/db";
import {
  addSandboxTenant,
  connectTeam,
  control,
  createRequestThroughApi,
  createTeam,
  ensureSandbox,
  pageAs,
  parseCsv,
  runRecordedEvents,
  signInAs,
  type CreatedRequest,
  type Team,
  type Tenant,
} from "./helpers/sync";

/**
 * The sync logs page and a request's sync diagnostics, for a team connected to a sandbox tenant of
 * its own. Requests come through the public API; the real Inngest functions run (@inngest/test)
 * for the events the app recorded, against the same database and sandbox.
 */
// Each test walks a whole flow and runs the real functions in between: more than the default 30 s.
test.describe.configure({ mode: "serial", timeout: 120_000 });

const shot = (name: string) => `reports/screenshots/${name}.png`;
const rows = (page: Page) => page.getByRole("table", { name: "Sync attempts", exact: true }).locator("tbody tr");

let team: Team;
let tenant: Tenant;
let synced: CreatedRequest;
let ambiguous: CreatedRequest;
let noEmail: CreatedRequest;
let unknownDomain: CreatedRequest;
const unknownEmail = `pat.${Date.now().toString(36)}@${DEMO_EMAIL_DOMAINS.noUsers}`;

async function createAndRun(input: Parameters<typeof createRequestThroughApi>[1]) {
  const created = await createRequestThroughApi(team, input);
  const { runs } = await runRecordedEvents({ type: "request", id: created.id });
  expect(runs.map((r) => [r.fn, r.error])).toEqual([
    ["fan-out-request-change", undefined],
    ["push-request-to-vitally", undefined],
  ]);
  return { created, result: runs[1].result as { status: string } };
}

test.beforeAll(async () => {
  await ensureSandbox();
  team = await createTeam("sync");
  tenant = await addSandboxTenant("sync");
  const integration = await connectTeam(team, tenant);
  const schema = await runRecordedEvents({ type: "integration", id: integration.id });
  expect(schema.runs).toEqual([expect.objectContaining({ fn: "ensure-vitally-schema", error: undefined })]);

  const a = await createAndRun({ title: "Dashboard shows yesterday's numbers", requestor: { name: "Ana Acme", email: DEMO_LINK_CASES.noOrgOneAccount } });
  expect(a.result.status).toBe("synced");
  synced = a.created;
  const b = await createAndRun({ title: "SSO login loops back to the start", requestor: { name: "Mo Many", email: DEMO_LINK_CASES.manyOrgsManyAccounts } });
  expect(b.result.status).toBe("skipped");
  ambiguous = b.created;
  const c = await createAndRun({ title: "Can we get a copy of the contract?", requestor: { name: "Anonymous visitor" } });
  expect(c.result.status).toBe("skipped");
  noEmail = c.created;
  const d = await createAndRun({ title: "Webhook retries flood our endpoint", requestor: { name: "Pat Nobody", email: unknownEmail } });
  expect(d.result.status).toBe("skipped");
  unknownDomain = d.created;
});

test("sync logs: rows in plain words, the chart, filters, the detail of an attempt, CSV of the filtered rows, and new attempts arriving on their own", async ({ page }) => {
  await signInAs(page, team.support);
  await page.goto(`/w/${team.slug}/sync-logs`);
  await expect(page.getByRole("heading", { name: "Sync logs", level: 1 })).toBeVisible();
  // The schema check, then one attempt per request.
  await expect(rows(page)).toHaveCount(5);
  await expect(rows(page).filter({ hasText: `#${ambiguous.number}` })).toContainText("Requestor is in several organizations and several accounts");
  await expect(rows(page).filter({ hasText: `#${noEmail.number}` })).toContainText("Requestor has no email");
  await expect(rows(page).filter({ hasText: `#${synced.number}` })).toContainText("Synced");
  await expect(page.getByRole("img", { name: /Sync attempts per (hour|day), by outcome/ })).toBeVisible();
  await expect(page.getByRole("img", { name: /Sync attempts per/ })).toHaveAccessibleDescription(/2 synced, 3 skipped, 0 failed/);
  await expect(page.getByText("Live", { exact: true })).toBeVisible();
  await page.getByText("Show the numbers as a table").click();
  await expect(page.getByRole("table", { name: /Sync attempts per (hour|day)/ })).toBeVisible();
  await page.screenshot({ path: shot("sync-logs"), fullPage: true });

  await page.getByRole("button", { name: "Skipped" }).click();
  await expect(page).toHaveURL(/outcome=skipped/);
  await expect(page.getByRole("button", { name: "Skipped" })).toHaveAttribute("aria-pressed", "true");
  await expect(rows(page)).toHaveCount(3);
  await expect(rows(page).filter({ hasText: "Synced" })).toHaveCount(0);
  await expect(page.getByRole("img", { name: /Sync attempts per/ })).toHaveAccessibleDescription(/0 synced, 3 skipped, 0 failed/);
  await page.screenshot({ path: shot("sync-logs-filtered"), fullPage: true });

  // CSV of exactly the filtered rows.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^ferry-sync-logs-\d{8}-\d{4}\.csv$/);
  const [header, ...records] = parseCsv(readFileSync(await download.path(), "utf8").replace(/^\uFEFF/, ""));
  const column = (name: string) => header.indexOf(name);
  expect(column("Request number")).toBeGreaterThan(-1);
  expect(records.map((r) => Number(r[column("Request number")])).sort((x, y) => x - y)).toEqual(
    [ambiguous.number, noEmail.number, unknownDomain.number].sort((x, y) => x - y),
  );
  expect(new Set(records.map((r) => r[column("Outcome")]))).toEqual(new Set(["Skipped"]));
  expect(records.find((r) => Number(r[column("Request number")]) === noEmail.number)?.[column("Reason")]).toBe("Requestor has no email");

  await page.getByLabel("Reason").selectOption({ label: "Requestor has no email" });
  await expect(page).toHaveURL(/reason=no_email/);
  await expect(rows(page)).toHaveCount(1);
  await page.getByRole("button", { name: "Clear filters" }).first().click();
  await expect(rows(page)).toHaveCount(5);

  await page.getByRole("searchbox", { name: "Search sync logs" }).fill(`#${ambiguous.number}`);
  await expect(page).toHaveURL(/q=/);
  await expect(rows(page)).toHaveCount(1);
  await rows(page).first().getByRole("button", { name: /Details/ }).click();
  const detail = page.getByRole("dialog", { name: `Sync attempt for request #${ambiguous.number}` });
  await expect(detail.getByText("Requestor is in several organizations and several accounts")).toBeVisible();
  await expect(detail.getByText(`Keep ${DEMO_LINK_CASES.manyOrgsManyAccounts} in one organization, or in one account only, then retry the sync.`)).toBeVisible();
  await expect(detail.locator('tr[aria-current="true"]')).toContainText("Not synced");
  await expect(detail.locator('tr[aria-current="true"] td').first()).toHaveText("9");
  await expect(detail.getByRole("table", { name: "Calls to Vitally" }).getByText("/resources/users/search", { exact: false }).first()).toBeVisible();
  await page.screenshot({ path: shot("sync-logs-detail") });
  await detail.getByRole("button", { name: "Close" }).click();
  await expect(detail).toBeHidden();

  await page.getByLabel("When").selectOption({ label: "Custom dates…" });
  const today = new Date().toISOString().slice(0, 10);
  await page.getByLabel("From").fill(today);
  await page.getByLabel("To").fill(today);
  await expect(page).toHaveURL(new RegExp(`from=${today}&to=${today}`));
  await expect(rows(page)).toHaveCount(1);
  await page.getByLabel("When").selectOption({ label: "Last 24 hours" });
  await expect(page).toHaveURL(/range=24h/);
  await expect(page).not.toHaveURL(/from=/);

  // The page refreshes itself: a new attempt shows up without a reload.
  await page.getByRole("button", { name: "Clear filters" }).first().click();
  await expect(rows(page)).toHaveCount(5);
  const { created } = await createAndRun({ title: "Where do I find the audit log?", requestor: { name: "Joe Acme", email: `joe@${DEMO_EMAIL_DOMAINS.oneAccount}` } });
  await expect(rows(page).filter({ hasText: `#${created.number}` })).toBeVisible({ timeout: 15_000 });
  await expect(rows(page)).toHaveCount(6);
});

test("a request that did not sync: the reason, the linking row, the evidence and the fix; fixed in Vitally, Re-check now and Retry sync get it through", async ({ page, browser }) => {
  await signInAs(page, team.support);
  await page.goto(`/w/${team.slug}/requests/${ambiguous.number}`);
  const status = page.locator("section").filter({ has: page.getByRole("heading", { name: "Sync status", exact: true }) });
  // The state badge beside the destination comes first (the linking table says "Not synced" too).
  await expect(status.getByText("Not synced", { exact: true }).first()).toBeVisible();
  await expect(status.getByText("Requestor is in several organizations and several accounts").first()).toBeVisible();
  await expect(status.getByText(`Keep ${DEMO_LINK_CASES.manyOrgsManyAccounts} in one organization, or in one account only, then retry the sync.`)).toBeVisible();
  await expect(status.locator('tr[aria-current="true"] td').first()).toHaveText("9");
  await expect(status.getByText("Row 9 applied at the last push.")).toBeVisible();
  const orgs = status.locator("dt", { hasText: "Their organizations" }).locator("xpath=following-sibling::dd[1]");
  await expect(orgs).toContainText("Northwind Holdings");
  await expect(orgs).toContainText("Globex Group");
  const accounts = status.locator("dt", { hasText: "Their accounts" }).locator("xpath=following-sibling::dd[1]");
  await expect(accounts).toContainText("Northwind Retail");
  await expect(accounts).toContainText("Globex Labs");
  await expect(status.getByRole("region", { name: "Recent attempts" }).getByText("Skipped")).toBeVisible();
  await page.screenshot({ path: shot("request-sync-diagnostics-row9"), fullPage: true });

  // A viewer sees where it stands, not the evidence or the buttons.
  const viewer = await pageAs(browser, team.viewer);
  await viewer.goto(`/w/${team.slug}/requests/${ambiguous.number}`);
  await expect(viewer.getByText("Support leads, admins and owners also see why a request did not sync and what to fix.")).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Re-check now" })).toHaveCount(0);
  await viewer.context().close();

  // A requestor Vitally does not know, at a domain no customer has.
  await page.goto(`/w/${team.slug}/requests/${unknownDomain.number}`);
  await expect(status.getByText("No Vitally customer has users at this domain").first()).toBeVisible();
  await expect(status.getByText(`Add ${unknownEmail} to the right account in Vitally (or create the account), then retry the sync.`)).toBeVisible();
  await expect(status.locator('tr[aria-current="true"]')).toHaveCount(0);
  await expect(status.getByText("No Vitally user has this email.")).toBeVisible();
  await page.screenshot({ path: shot("request-sync-diagnostics-unknown-domain"), fullPage: true });

  // Re-check now changes nothing in Vitally.
  const before = await control.state(tenant.key);
  await status.getByRole("button", { name: "Re-check now" }).click();
  const recheck = status.getByRole("region", { name: "Re-check result" });
  await expect(recheck.getByText("Re-check: still not synced — No Vitally customer has users at this domain")).toBeVisible();
  expect((await control.state(tenant.key)).data.users?.length).toBe(before.data.users?.length);

  // The fix, done in Vitally: the requestor becomes a user of Acme Inc (an account in no organization).
  const acme = (await control.listAccounts(tenant.key)).find((a) => a.name === "Acme Inc")!;
  const vitally = new VitallyClient({ baseUrl: tenant.apiUrl, apiKey: tenant.key });
  await vitally.createUser({ externalId: `e2e-${Date.now()}`, name: "Pat Nobody", email: unknownEmail, accountIds: [acme.id] });

  await status.getByRole("button", { name: "Re-check now" }).click();
  await expect(recheck.getByText("Re-check: would sync now")).toBeVisible();
  await expect(recheck.getByText(/nothing was written\. Press Retry sync to push it\./)).toBeVisible();
  await expect(status.locator('tr[aria-current="true"] td').first()).toHaveText("4");
  await expect(status.getByText("Re-check now: row 4 applies to the requestor’s Vitally user today.")).toBeVisible();
  await expect(status.locator("dt", { hasText: "Linked to" }).locator("xpath=following-sibling::dd[1]")).toHaveText("account Acme Inc");
  await page.screenshot({ path: shot("request-sync-diagnostics-recheck"), fullPage: true });

  const seen = (await db().outboxEvent.findFirst({ where: { aggregateType: "request", aggregateId: unknownDomain.id }, orderBy: { id: "desc" } }))?.id ?? 0n;
  await status.getByRole("button", { name: "Retry sync" }).click();
  await expect(status.getByText(/^Retry queued\./)).toBeVisible();
  const retry = await runRecordedEvents({ type: "request", id: unknownDomain.id }, seen);
  expect(retry.runs.map((r) => [r.fn, r.event, r.error])).toEqual([["push-request-to-vitally", "ferry/sync.push-requested", undefined]]);
  expect(retry.runs[0].result).toMatchObject({ status: "synced" });

  await page.reload();
  await expect(status.getByText("Synced to Vitally")).toBeVisible();
  await expect(status.getByText("Synced", { exact: true }).first()).toBeVisible();
  await expect(status.getByRole("region", { name: "Recent attempts" }).getByText("Retry sync")).toBeVisible();
  await page.screenshot({ path: shot("request-sync-diagnostics-synced"), fullPage: true });
  const instances = await control.listCustomObjectInstances(tenant.key);
  expect(instances.filter((i) => i.name === `Ferry Request ID: ${unknownDomain.number}`)).toHaveLength(1);
});
