import { expect, test, type Page } from "@playwright/test";
import { DEMO_KEY, DEMO_LINK_CASES, DEMO_SUBDOMAIN } from "@/lib/sandbox/vitally/seed-demo";
import { db } from "./helpers/db";
import {
  control,
  createRequestThroughApi,
  createTeam,
  DEMO_TENANT,
  ensureSandbox,
  expectAppUsesSandbox,
  freeSandboxTenant,
  pageAs,
  runRecordedEvents,
  SANDBOX_URL,
  signInAs,
  type Team,
} from "./helpers/sync";

/**
 * The Integrations page against the Vitally sandbox, in order: the connect dialog (a URL that is
 * not Vitally, a host that does not exist, a wrong key, then the sandbox), the switches, the schema
 * and a request created through the API landing in the sandbox view, then a rejected key (banner,
 * held pushes), new credentials (resumed) and disconnect.
 *
 * The app runs no Inngest functions here: the spec runs the real ones (@inngest/test) for the
 * events the app recorded, against the same database and sandbox.
 */
// Each test walks a whole flow and runs the real functions in between: more than the default 30 s.
test.describe.configure({ mode: "serial", timeout: 120_000 });

const shot = (name: string) => `reports/screenshots/${name}.png`;
let team: Team;
/** The integration's outbox events already handed to the functions. */
let integrationEventsRun = 0n;

const vitallyCard = (page: Page) => page.locator("section").filter({ has: page.getByRole("heading", { name: "Vitally", exact: true }) });
const integrationOf = async () => db().integration.findFirstOrThrow({ where: { workspaceId: team.id, status: { not: "DISCONNECTED" } } });

test.beforeAll(async () => {
  await ensureSandbox();
  await freeSandboxTenant(DEMO_TENANT);
  team = await createTeam("integrations");
});

test("the connect dialog refuses what is not Vitally, a host that does not exist and a wrong key, then connects the sandbox", async ({ page }) => {
  await signInAs(page, team.owner);
  await page.goto(`/w/${team.slug}/integrations`);
  await expect(page.getByRole("heading", { name: "Integrations", level: 1 })).toBeVisible();
  await expect(vitallyCard(page).getByText("Not connected")).toBeVisible();
  await expect(page.locator("section").filter({ has: page.getByRole("heading", { name: "Salesforce", exact: true }) }).getByText("Not connected").first()).toBeVisible();
  await expectAppUsesSandbox(page);
  await page.screenshot({ path: shot("integrations-not-connected"), fullPage: true });

  await vitallyCard(page).getByRole("button", { name: "Add integration" }).click();
  const dialog = page.getByRole("dialog", { name: "Connect Vitally" });
  await expect(dialog).toBeVisible();
  const url = dialog.getByLabel("API URL");
  const auth = dialog.getByLabel("Authentication");
  const cont = dialog.getByRole("button", { name: "Continue" });

  await url.fill("https://example.com");
  await auth.fill("sk_live_some_key_123");
  await cont.click();
  await expect(dialog.getByText(/^This is not a Vitally API URL\./)).toBeVisible();
  await expect(url).toHaveAttribute("aria-invalid", "true");

  await url.fill("https://ferry-e2e-nowhere.rest.vitally.io");
  await cont.click();
  await expect(dialog.getByText(/ferry-e2e-nowhere\.rest\.vitally\.io (does not exist \(DNS lookup failed\)|did not answer in time)|Ferry could not reach ferry-e2e-nowhere/)).toBeVisible();

  await dialog.getByRole("button", { name: "Use the sandbox" }).click();
  await expect(url).toHaveValue(`${SANDBOX_URL}/s/${DEMO_SUBDOMAIN}`);
  await expect(auth).toHaveValue(DEMO_KEY);
  await auth.fill("sk_live_not_the_right_key");
  await cont.click();
  await expect(dialog.getByText(/^Vitally rejected this API key \(401\)\./)).toBeVisible();
  await expect(auth).toHaveAttribute("aria-invalid", "true");
  await page.screenshot({ path: shot("integrations-connect-wrong-key") });

  await dialog.getByRole("button", { name: "Use the sandbox" }).click();
  await cont.click();
  const settings = page.getByRole("dialog", { name: "Choose what Ferry sends to Vitally" });
  await expect(settings.getByText("Credentials work")).toBeVisible();
  await expect(settings.getByRole("switch", { name: "Push new requests to Vitally" })).toHaveAttribute("aria-checked", "true");
  await expect(settings.getByRole("switch", { name: "Update existing requests on Vitally" })).toHaveAttribute("aria-checked", "true");
  await page.screenshot({ path: shot("integrations-connect-settings") });
  await settings.getByRole("button", { name: "Connect Vitally" }).click();

  await expect(settings).toBeHidden();
  const card = vitallyCard(page);
  await expect(card.getByText("Connected", { exact: true })).toBeVisible();
  await expect(card.getByText("Sandbox", { exact: true })).toBeVisible();
  await expect(card.getByText(`Sandbox · ${DEMO_SUBDOMAIN}`, { exact: false })).toBeVisible();
  await expect(card.getByText("Setting up… the schema has not been checked yet")).toBeVisible();
  // The key is stored encrypted and never comes back to the browser: only its masked hint does.
  const integration = await integrationOf();
  await expect(card.getByText(integration.credentialHint, { exact: true })).toBeVisible();
  expect(integration.credentialHint).not.toContain(DEMO_KEY);
  expect(integration.credentials).not.toContain(DEMO_KEY);
  expect(integration.settings).toMatchObject({ pushNewRequests: true, updateExistingRequests: true });
  await page.screenshot({ path: shot("integrations-connected"), fullPage: true });
  // A fresh load of the connected page carries no key (the demo key was only in the "Use the sandbox" prefill).
  await page.reload();
  await expect(card.getByText(integration.credentialHint, { exact: true })).toBeVisible();
  expect(await page.content()).not.toContain(DEMO_KEY);
});

test("the switches are saved, and shown as saved after a reload", async ({ page }) => {
  await signInAs(page, team.owner);
  await page.goto(`/w/${team.slug}/integrations`);
  const update = page.getByRole("switch", { name: "Update existing requests on Vitally" });
  await expect(update).toHaveAttribute("aria-checked", "true");
  await update.click();
  await expect(update).toHaveAttribute("aria-checked", "false");
  await expect.poll(async () => (await integrationOf()).settings).toMatchObject({ updateExistingRequests: false, pushNewRequests: true });
  await page.reload();
  await expect(page.getByRole("switch", { name: "Update existing requests on Vitally" })).toHaveAttribute("aria-checked", "false");
  await expect(page.getByText("Requests already in Vitally keep the state they were last sent with.")).toBeVisible();

  await page.getByRole("switch", { name: "Update existing requests on Vitally" }).click();
  await expect(page.getByRole("switch", { name: "Update existing requests on Vitally" })).toHaveAttribute("aria-checked", "true");
  await expect.poll(async () => (await integrationOf()).settings).toMatchObject({ updateExistingRequests: true });
});

test("Check schema now builds “Ferry Requests”; a request created through the API appears in the sandbox view", async ({ page }) => {
  await signInAs(page, team.owner);
  await page.goto(`/w/${team.slug}/integrations`);
  const card = vitallyCard(page);
  await card.getByRole("button", { name: "Check schema now" }).click();
  await expect(card.getByText(/^Created “Ferry Requests” in Vitally with \d+ traits\.$/)).toBeVisible();
  await expect(card.getByText(/^All \d+ traits are in Vitally with the right type\./)).toBeVisible();

  // The connect recorded ferry/integration.connected; the real function finds the object and adds nothing.
  const integration = await integrationOf();
  const schemaRuns = await runRecordedEvents({ type: "integration", id: integration.id }, integrationEventsRun);
  integrationEventsRun = schemaRuns.lastId;
  expect(schemaRuns.runs).toEqual([expect.objectContaining({ fn: "ensure-vitally-schema", error: undefined })]);
  expect(schemaRuns.runs[0].result).toEqual([{ integrationId: integration.id, created: false, added: [] }]);
  expect((await control.listCustomObjects(DEMO_KEY)).filter((o) => o.label === "Ferry Requests")).toHaveLength(1);

  const created = await createRequestThroughApi(team, {
    title: `Export to CSV times out (${Date.now().toString(36)})`,
    requestor: { name: "Morgan Blake", email: DEMO_LINK_CASES.oneOrgOneAccount, company: "Northwind Retail" },
  });
  const { runs } = await runRecordedEvents({ type: "request", id: created.id });
  expect(runs.map((r) => [r.fn, r.error])).toEqual([
    ["fan-out-request-change", undefined],
    ["push-request-to-vitally", undefined],
  ]);
  expect(runs[1].result).toMatchObject({ status: "synced" });

  await page.reload();
  const syncedToday = await db().syncLog.count({ where: { integrationId: integration.id, outcome: "SYNCED" } });
  await expect(card.getByRole("link", { name: `${syncedToday} synced` })).toBeVisible();
  await card.getByRole("link", { name: "Browse the sandbox" }).click();
  await expect(page.getByRole("heading", { name: "Vitally sandbox", level: 1 })).toBeVisible();
  await expect(page.getByRole("tab", { name: /Ferry Requests/ })).toHaveAttribute("aria-selected", "true");
  const instance = page.getByRole("list", { name: "Ferry Requests" }).getByRole("listitem").filter({ hasText: `Ferry Request ID: ${created.number}` });
  await expect(instance).toBeVisible();
  await expect(instance.getByText("Account: Northwind Retail · Organization: Northwind Holdings")).toBeVisible();
  await instance.getByText(/^\d+ traits$/).click();
  await expect(instance.getByText(created.title, { exact: true })).toBeVisible();
  await expect(instance.getByText(DEMO_LINK_CASES.oneOrgOneAccount, { exact: false }).first()).toBeVisible();
  await page.screenshot({ path: shot("integrations-sandbox-instances"), fullPage: true });

  await page.getByRole("tab", { name: /Accounts/ }).click();
  await expect(page.getByRole("table", { name: "Accounts" }).getByRole("row", { name: /Northwind Retail\s+Northwind Holdings/ })).toBeVisible();
  await page.screenshot({ path: shot("integrations-sandbox-accounts"), fullPage: true });
  // Arrow keys move between the tabs.
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("tab", { name: /Organizations/ })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("table", { name: "Organizations" }).getByRole("row", { name: /Northwind Holdings/ })).toBeVisible();
});

test("a rejected key puts the whole dashboard on notice; new credentials resume the held pushes; disconnect asks first", async ({ page, browser }) => {
  const integration = await integrationOf();
  // The key is rotated in Vitally: the old one stops working.
  const rotated = `sk_live_ferry_demo_rotated_${Date.now().toString(36)}`;
  await control.addKey({ key: rotated, subdomain: DEMO_SUBDOMAIN, name: "Ferry demo (rotated)" });
  await control.revokeKey(DEMO_KEY);
  try {
    const held = await createRequestThroughApi(team, {
      title: `Invoice PDF is blank (${Date.now().toString(36)})`,
      requestor: { name: "Kim Lindqvist", email: DEMO_LINK_CASES.noOrgOneAccount },
    });
    const { runs } = await runRecordedEvents({ type: "request", id: held.id });
    expect(runs.at(-1)).toMatchObject({ fn: "push-request-to-vitally", error: expect.objectContaining({ name: "NonRetriableError" }) });
    expect((await integrationOf()).status).toBe("NEEDS_ATTENTION");

    // Everyone sees it; a support lead is told whom to ask.
    const support = await pageAs(browser, team.support);
    await support.goto(`/w/${team.slug}/requests`);
    const supportBanner = support.getByRole("status").filter({ hasText: "Vitally needs attention: syncing is held back" });
    await expect(supportBanner).toBeVisible();
    await expect(supportBanner.getByText(/Ask a workspace owner or admin to update the credentials/)).toBeVisible();
    await expect(supportBanner.getByRole("link", { name: "Fix credentials" })).toHaveCount(0);
    await support.context().close();

    await signInAs(page, team.owner);
    await page.goto(`/w/${team.slug}/requests`);
    const banner = page.getByRole("status").filter({ hasText: "Vitally needs attention: syncing is held back" });
    await expect(banner).toBeVisible();
    await page.screenshot({ path: shot("integrations-needs-attention-banner"), fullPage: true });
    await banner.getByRole("link", { name: "Fix credentials" }).click();

    const edit = page.getByRole("dialog", { name: "Update the Vitally credentials" });
    await expect(edit).toBeVisible();
    await expect(edit.getByLabel("API URL")).toHaveValue(integration.baseUrl);
    await page.screenshot({ path: shot("integrations-needs-attention-card") });
    await edit.getByLabel("Authentication").fill("sk_live_still_not_right");
    await edit.getByRole("button", { name: "Save credentials" }).click();
    await expect(edit.getByText(/^Vitally rejected this API key \(401\)\./)).toBeVisible();
    await edit.getByLabel("Authentication").fill(`Basic ${Buffer.from(`${rotated}:`).toString("base64")}`);
    await edit.getByRole("button", { name: "Save credentials" }).click();
    await expect(edit).toBeHidden();
    await expect(page.getByText(/Credentials updated \(.+\)\. Syncing resumed; the pushes held back are being sent\./)).toBeVisible();
    await expect(page.getByText("Vitally needs attention: syncing is held back")).toHaveCount(0);
    expect((await integrationOf()).status).toBe("CONNECTED");

    // The credentials change recorded "connected" and "resumed": the held request goes out now.
    const resumed = await runRecordedEvents({ type: "integration", id: integration.id }, integrationEventsRun);
    integrationEventsRun = resumed.lastId;
    expect(resumed.runs.map((r) => [r.fn, r.error])).toEqual([
      ["ensure-vitally-schema", undefined],
      ["resume-held-pushes", undefined],
      ["push-request-to-vitally", undefined],
    ]);
    expect(resumed.runs.at(-1)?.result).toMatchObject({ status: "synced" });
    const instances = await control.listCustomObjectInstances(rotated);
    expect(instances.filter((i) => i.name === `Ferry Request ID: ${held.number}`)).toHaveLength(1);
  } finally {
    await control.addKey({ key: DEMO_KEY, subdomain: DEMO_SUBDOMAIN, name: "Ferry demo" });
  }

  await page.goto(`/w/${team.slug}/integrations`);
  const card = vitallyCard(page);
  await card.getByRole("button", { name: "Disconnect" }).click();
  const confirm = page.getByRole("dialog", { name: "Disconnect Vitally?" });
  await expect(confirm).toBeVisible();
  await page.screenshot({ path: shot("integrations-disconnect") });
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(card.getByText("Connected", { exact: true })).toBeVisible();
  await card.getByRole("button", { name: "Disconnect" }).click();
  await page.getByRole("dialog", { name: "Disconnect Vitally?" }).getByRole("button", { name: "Disconnect" }).click();
  await expect(vitallyCard(page).getByText("Not connected")).toBeVisible();
  expect((await db().integration.findUniqueOrThrow({ where: { id: integration.id } })).status).toBe("DISCONNECTED");

  // History stays: the sync logs still list what was sent.
  await page.goto(`/w/${team.slug}/sync-logs`);
  await expect(page.getByRole("table", { name: "Sync attempts", exact: true }).getByRole("row").filter({ hasText: "Synced" }).first()).toBeVisible();
});
