import { expect, test } from "@playwright/test";
import { DEMO_OWNER, signIn } from "./helpers/auth";
import { db } from "./helpers/db";

/** Settings: members (invite with a one-time password shown once, role change, removal) and API tokens. */
const shot = (name: string) => `reports/screenshots/${name}.png`;

test("inviting a new email shows its one-time password once, and the new member can sign in with it", async ({ page, browser }) => {
  await signIn(page);
  await page.goto("/w/demo/settings");
  await page.screenshot({ path: shot("settings"), fullPage: true });
  const email = `teammate-${Date.now().toString(36)}@example.com`;

  await page.getByRole("button", { name: "Invite member" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite a member" });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("Role").selectOption("SUPPORT");
  await dialog.getByRole("button", { name: "Invite" }).click();

  const shown = page.getByRole("dialog", { name: /one-time password/ });
  await expect(shown).toBeVisible();
  const password = (await shown.getByLabel("One-time password").innerText()).trim();
  expect(password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
  await page.screenshot({ path: shot("settings-invite-password") });
  await shown.getByRole("button", { name: "Done" }).click();
  await expect(shown).toBeHidden();
  await expect(page.getByText(password)).toHaveCount(0);

  const row = page.getByRole("row").filter({ hasText: email });
  await expect(row.getByText("Invited, not signed in yet")).toBeVisible();
  await expect(row.getByRole("combobox")).toHaveValue("SUPPORT");

  const other = await browser.newContext();
  const newcomer = await other.newPage();
  await signIn(newcomer, { email, password });
  await expect(newcomer).toHaveURL(/\/change-password$/);
  await other.close();
});

test("an owner changes a member's role and removes them; the last owner is protected", async ({ page }) => {
  const ws = await db().workspace.findUniqueOrThrow({ where: { slug: "demo" } });
  const user = await db().user.create({
    data: { email: `temp-${Date.now().toString(36)}@example.com`, name: "Temp Member", passwordHash: "scrypt$1$1$1$x$y" },
  });
  await db().membership.create({ data: { workspaceId: ws.id, userId: user.id, role: "VIEWER" } });
  await signIn(page);
  await page.goto("/w/demo/settings");

  const row = page.getByRole("row").filter({ hasText: user.email });
  await row.getByLabel("Role of Temp Member").selectOption("ADMIN");
  await expect.poll(async () => (await db().membership.findFirstOrThrow({ where: { workspaceId: ws.id, userId: user.id } })).role).toBe("ADMIN");

  const me = page.getByRole("row").filter({ hasText: DEMO_OWNER.email });
  await expect(me.getByText("The last owner keeps the owner role.")).toBeVisible();

  await row.getByRole("button", { name: "Remove" }).click();
  const confirm = page.getByRole("dialog", { name: "Remove Temp Member?" });
  await expect(confirm).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(confirm).toBeHidden();
  await row.getByRole("button", { name: "Remove" }).click();
  await confirm.getByRole("button", { name: "Remove member" }).click();
  await expect(page.getByRole("row").filter({ hasText: user.email })).toHaveCount(0);
  expect(await db().membership.count({ where: { workspaceId: ws.id, userId: user.id } })).toBe(0);
});

test("an API token is shown once with a copy button, listed by prefix, then revoked after confirmation", async ({ page }) => {
  await signIn(page);
  await page.goto("/w/demo/settings");
  const name = `Platform ${Date.now().toString(36)}`;

  await page.getByRole("button", { name: "Create token" }).click();
  const dialog = page.getByRole("dialog", { name: "Create an API token" });
  await dialog.getByRole("button", { name: "Create token" }).click();
  await expect(dialog.getByText("Give the token a name")).toBeVisible();
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Create token" }).click();

  const shown = page.getByRole("dialog", { name: "Copy your new API token" });
  await expect(shown).toBeVisible();
  const secret = (await shown.getByLabel("API token").innerText()).trim();
  expect(secret.length).toBeGreaterThan(20);
  await expect(shown.getByRole("button", { name: "Copy" })).toBeVisible();
  await page.screenshot({ path: shot("settings-token-secret") });

  await shown.getByRole("button", { name: "I have copied it" }).click();
  await expect(page.getByText(secret)).toHaveCount(0);
  const row = page.getByRole("row").filter({ hasText: name });
  const stored = await db().apiToken.findFirstOrThrow({ where: { name } });
  await expect(row.getByText(`${stored.prefix}…`)).toBeVisible();
  await expect(row.getByText("Never")).toBeVisible();
  await expect(row.getByText("Active")).toBeVisible();

  // The secret works against the public API, and the list then shows when it was last used.
  const res = await page.request.get("/api/v1/requests/1", { headers: { authorization: `Bearer ${secret}` } });
  expect(res.status()).not.toBe(401);
  await expect
    .poll(async () => {
      await page.reload();
      return row.locator("td").nth(3).innerText();
    })
    .not.toBe("Never");

  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  const confirm = page.getByRole("dialog", { name: `Revoke “${name}”?` });
  await expect(confirm).toBeVisible();
  await page.screenshot({ path: shot("settings-token-revoke") });
  await confirm.getByRole("button", { name: "Revoke token" }).click();
  await expect(row.getByText(/Revoked/)).toBeVisible();
  expect((await db().apiToken.findFirstOrThrow({ where: { name } })).revokedAt).not.toBeNull();
  const after = await page.request.get("/api/v1/requests/1", { headers: { authorization: `Bearer ${secret}` } });
  expect(after.status()).toBe(401);
});

test("a viewer sees the members read-only and the token section explains who manages it", async ({ page }) => {
  await signIn(page, { email: "viewer@ferry.dev", password: DEMO_OWNER.password });
  await page.goto("/w/demo/settings");
  await expect(page.getByRole("row").filter({ hasText: DEMO_OWNER.email })).toBeVisible();
  await expect(page.getByRole("button", { name: "Invite member" })).toHaveCount(0);
  await expect(page.getByRole("combobox")).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Your role cannot manage API tokens" })).toBeVisible();
  await page.screenshot({ path: shot("settings-viewer"), fullPage: true });
});
