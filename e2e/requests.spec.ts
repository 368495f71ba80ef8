import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./helpers/auth";
import { db } from "./helpers/db";

/** The requests table (search, filters, sort, keyset pages, URL state) and the request page. */
const shot = (name: string) => `reports/screenshots/${name}.png`;
const rows = (page: Page) => page.getByRole("table", { name: "Requests" }).locator("tbody tr");
const firstNumber = async (page: Page) => (await rows(page).first().locator("td").first().innerText()).trim();

test.beforeEach(async ({ page }) => {
  await signIn(page);
  await expect(page).toHaveURL(/\/w\/demo\/requests$/);
  await expect(rows(page).first()).toBeVisible();
});

test("shows the seeded requests newest first with every column", async ({ page }) => {
  const newest = await db().request.findFirstOrThrow({
    where: { workspace: { slug: "demo" } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  for (const column of ["Number", "Title", "Requestor", "Channel", "Status", "Urgency", "Assignee", "Created"]) {
    await expect(page.getByRole("columnheader", { name: column })).toBeVisible();
  }
  await expect(rows(page)).toHaveCount(25);
  await expect(rows(page).filter({ hasText: newest.title }).first()).toBeVisible();
  await page.screenshot({ path: shot("requests"), fullPage: true });
});

test("filters by status and channel, in the URL, and a shared URL opens the same view", async ({ page }) => {
  await page.getByLabel("Status").selectOption({ label: "Closed" });
  await expect(page).toHaveURL(/status=CLOSED/);
  await expect(rows(page).first()).toBeVisible();
  // The previous page stays on screen (dimmed) until the new one arrives: wait for the new rows.
  await expect(rows(page).locator("td:nth-child(5)").filter({ hasNotText: "Closed" })).toHaveCount(0);

  await page.getByLabel("Channel").selectOption({ label: "Email" });
  await expect(page).toHaveURL(/channel=EMAIL/);
  const expected = await db().request.count({ where: { workspace: { slug: "demo" }, status: "CLOSED", channel: "EMAIL" } });
  await expect(rows(page).locator("td:nth-child(4)").filter({ hasNotText: "Email" })).toHaveCount(0);
  await expect(rows(page)).toHaveCount(Math.min(expected, 25));
  await page.screenshot({ path: shot("requests-filtered"), fullPage: true });

  const shared = page.url();
  await page.goto("/w/demo/requests");
  await page.goto(shared);
  await expect(page.getByLabel("Status")).toHaveValue("CLOSED");
  await expect(page.getByLabel("Channel")).toHaveValue("EMAIL");
  await expect(rows(page)).toHaveCount(Math.min(expected, 25));
});

test("searches by requestor, by title and by number", async ({ page }) => {
  const sample = await db().request.findFirstOrThrow({ where: { workspace: { slug: "demo" } }, orderBy: { number: "asc" }, skip: 7 });

  await page.getByRole("searchbox", { name: "Search requests" }).fill(sample.requestorName);
  await expect(page).toHaveURL(/q=/);
  await expect(rows(page).first()).toBeVisible();
  await expect(rows(page).locator("td:nth-child(3)").filter({ hasNotText: sample.requestorName })).toHaveCount(0);

  await page.getByRole("searchbox", { name: "Search requests" }).fill(`#${sample.number}`);
  await expect(rows(page).filter({ hasText: sample.title }).first()).toBeVisible();
  await expect(rows(page).first().locator("td").first()).toHaveText(`#${sample.number}`);

  await page.getByRole("searchbox", { name: "Search requests" }).fill("zz-no-request-has-this-zz");
  await expect(page.getByRole("heading", { name: "No requests match these filters" })).toBeVisible();
  await page.screenshot({ path: shot("requests-empty-filtered"), fullPage: true });
  await page.getByRole("button", { name: "Clear filters" }).first().click();
  await expect(page).toHaveURL(/\/w\/demo\/requests$/);
  await expect(rows(page)).toHaveCount(25);
});

test("sorts by number and by created date, both ways", async ({ page }) => {
  await page.getByLabel("Sort").selectOption({ label: "Number, low to high" });
  await expect(page).toHaveURL(/sort=number&dir=asc/);
  await expect(rows(page).first().locator("td").first()).toHaveText("#1");

  const max = await db().request.aggregate({ where: { workspace: { slug: "demo" } }, _max: { number: true } });
  await page.getByLabel("Sort").selectOption({ label: "Number, high to low" });
  await expect(page).toHaveURL(/sort=number/);
  await expect(page).not.toHaveURL(/dir=asc/);
  await expect(rows(page).first().locator("td").first()).toHaveText(`#${max._max.number}`);

  const oldest = await db().request.findFirstOrThrow({ where: { workspace: { slug: "demo" } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  await page.getByLabel("Sort").selectOption({ label: "Oldest first" });
  await expect(page).toHaveURL(/dir=asc/);
  await expect(rows(page).first().locator("td").first()).toHaveText(`#${oldest.number}`);
});

test("pages forward and back with keyset cursors", async ({ page }) => {
  const firstPageTop = await firstNumber(page);
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page).toHaveURL(/cursor=/);
  await expect.poll(() => firstNumber(page)).not.toBe(firstPageTop);
  const secondPageTop = await firstNumber(page);

  await page.getByRole("button", { name: "Previous" }).click();
  await expect.poll(() => firstNumber(page)).toBe(firstPageTop);
  await expect(page.getByRole("button", { name: "Previous" })).toBeDisabled();

  await page.getByRole("button", { name: "Next" }).click();
  await expect.poll(() => firstNumber(page)).toBe(secondPageTop);
  // The last page has no next page.
  while (await page.getByRole("button", { name: "Next" }).isEnabled()) {
    const before = await firstNumber(page);
    await page.getByRole("button", { name: "Next" }).click();
    await expect.poll(() => firstNumber(page)).not.toBe(before);
  }
  await expect(page.getByRole("button", { name: "Next" })).toBeDisabled();
});

test("filters by created date range", async ({ page }) => {
  const sample = await db().request.findFirstOrThrow({ where: { workspace: { slug: "demo" } }, orderBy: { createdAt: "asc" }, skip: 10 });
  const day = sample.createdAt.toISOString().slice(0, 10);
  const next = new Date(`${day}T00:00:00.000Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  const expected = await db().request.count({ where: { workspace: { slug: "demo" }, createdAt: { gte: new Date(`${day}T00:00:00.000Z`), lt: next } } });

  await page.getByLabel("Created from").fill(day);
  await page.getByLabel("Created to").fill(day);
  await expect(page).toHaveURL(new RegExp(`from=${day}&to=${day}`));
  await expect(rows(page)).toHaveCount(Math.min(expected, 25));
  await expect(rows(page).filter({ hasText: sample.title }).first()).toBeVisible();
});

test("the request page shows every attribute and both threads", async ({ page }) => {
  const candidates = await db().request.findMany({
    where: { workspace: { slug: "demo" }, messages: { some: { thread: "INTERNAL" } }, assigneeName: { not: null }, requestorEmail: { not: null } },
    include: { messages: { orderBy: [{ sentAt: "asc" }, { id: "asc" }] } },
    orderBy: { number: "asc" },
  });
  const request =
    candidates.find((r) => r.messages.some((m) => (m.attachments as unknown[]).length > 0) && r.messages.some((m) => m.thread === "CUSTOMER")) ?? candidates[0];
  expect(request).toBeDefined();

  await page.getByRole("searchbox", { name: "Search requests" }).fill(`#${request.number}`);
  await page.getByRole("link", { name: request.title }).first().click();
  await expect(page).toHaveURL(new RegExp(`/w/demo/requests/${request.number}$`));

  await expect(page.getByRole("heading", { name: request.title, level: 1 })).toBeVisible();
  await expect(page.getByText(`Request #${request.number}`, { exact: true })).toBeVisible();
  const details = page.locator("dl").first();
  await expect(details.getByText(request.requestorName, { exact: true })).toBeVisible();
  await expect(details.getByText(request.requestorEmail!, { exact: true })).toBeVisible();
  await expect(details.getByText(request.assigneeName!, { exact: true })).toBeVisible();
  if (request.requestorCompany) await expect(details.getByText(request.requestorCompany, { exact: true })).toBeVisible();
  for (const tag of request.aiTags) await expect(page.getByText(tag, { exact: true }).first()).toBeVisible();

  const customer = request.messages.filter((m) => m.thread === "CUSTOMER");
  const internal = request.messages.filter((m) => m.thread === "INTERNAL");
  await expect(page.getByRole("heading", { name: `Customer thread (${customer.length})` })).toBeVisible();
  await expect(page.getByRole("heading", { name: `Internal thread (${internal.length})` })).toBeVisible();
  const internalList = page.getByRole("list", { name: /Internal thread/ });
  await expect(internalList.locator(":scope > li")).toHaveCount(internal.length);
  await expect(internalList.getByText(internal[0].authorName).first()).toBeVisible();
  const withFile = request.messages.find((m) => (m.attachments as { name: string }[]).length > 0);
  if (withFile) await expect(page.getByRole("link", { name: new RegExp((withFile.attachments as { name: string }[])[0].name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) }).first()).toBeVisible();

  const values = request.customValues as Record<string, unknown>;
  const fields = await db().customField.findMany({ where: { workspaceId: request.workspaceId, key: { in: Object.keys(values) } } });
  for (const field of fields) await expect(page.getByRole("term").filter({ hasText: field.name })).toBeVisible();

  await expect(page.getByRole("heading", { name: "Sync status" })).toBeVisible();
  await page.screenshot({ path: shot("request-page"), fullPage: true });
});

test("a request number that does not exist answers 404", async ({ page }) => {
  const res = await page.goto("/w/demo/requests/999999");
  expect(res?.status()).toBe(404);
});

test("the sidebar reaches Integrations and Sync logs, each naming its destinations", async ({ page }) => {
  const nav = page.getByRole("navigation", { name: "Sections" });
  await nav.getByRole("link", { name: "Integrations" }).click();
  await expect(page.getByRole("heading", { name: "Integrations", level: 1 })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Integrations" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByText(/Vitally/).first()).toBeVisible();
  await expect(page.getByText(/Salesforce/).first()).toBeVisible();
  await page.screenshot({ path: shot("integrations"), fullPage: true });

  await nav.getByRole("link", { name: "Sync logs" }).click();
  await expect(page.getByRole("heading", { name: "Sync logs", level: 1 })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Sync logs" })).toHaveAttribute("aria-current", "page");
  await page.screenshot({ path: shot("sync-logs"), fullPage: true });
});
