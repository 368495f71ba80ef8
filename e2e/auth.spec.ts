import { expect, test } from "@playwright/test";
import { hashPassword } from "@/lib/auth/password";
import { inviteMember } from "@/lib/members/invite-member";
import { DEMO_OWNER, signIn } from "./helpers/auth";
import { db } from "./helpers/db";

/** Sign-in, sign-out, the forced new-password step, tenancy (404) and the role state, in the browser. */
const shot = (name: string) => `reports/screenshots/${name}.png`;

test("a wrong password shows one error message and no hint about the account", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: "Sign in to Ferry" })).toBeVisible();
  await page.screenshot({ path: shot("login"), fullPage: true });

  await page.getByLabel("Email").fill(DEMO_OWNER.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Email or password is incorrect.");
  await expect(page).toHaveURL(/\/login/);
  await page.screenshot({ path: shot("login-error"), fullPage: true });

  await page.getByLabel("Email").fill("nobody-here@example.com");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Email or password is incorrect.");
});

test("the right password lands on the requests of the first workspace; sign-out locks the dashboard again", async ({ page }) => {
  await signIn(page);
  await expect(page).toHaveURL(/\/w\/demo\/requests$/);
  await expect(page.getByRole("heading", { name: "Requests", level: 1 })).toBeVisible();
  await expect(page.getByText("Olivia Park")).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/w/demo/requests");
  await expect(page).toHaveURL(/\/login/);
});

test("a signed-out visitor of a dashboard page signs in and comes back to it", async ({ page }) => {
  await page.goto("/w/demo/settings");
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  await page.getByLabel("Email").fill(DEMO_OWNER.email);
  await page.getByLabel("Password").fill(DEMO_OWNER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/w\/demo\/settings$/);
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
});

test("a workspace the user is not a member of answers 404, exactly like one that does not exist", async ({ page }) => {
  const slug = `private-${Date.now().toString(36)}`;
  const ws = await db().workspace.create({ data: { slug, name: "Private Co" } });
  await db().request.create({
    data: { workspaceId: ws.id, number: 1, channel: "EMAIL", title: "Secret", messageText: "x", requestorName: "X", createdAt: new Date(), updatedAt: new Date() },
  });
  await signIn(page);

  for (const path of [`/w/${slug}/requests`, `/w/${slug}/requests/1`, `/w/${slug}/settings`, "/w/no-such-workspace/requests"]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expect(page.getByText("Private Co")).toHaveCount(0);
  }
  const api = await page.request.get(`/api/w/${slug}/requests`);
  expect(api.status()).toBe(404);
  expect(JSON.stringify(await api.json())).not.toContain("Secret");
  await page.screenshot({ path: shot("not-found"), fullPage: true });
});

test("the workspace switcher lists every workspace of the user and switches", async ({ page }) => {
  await signIn(page);
  await page.getByRole("button", { name: /Switch workspace/ }).click();
  await page.screenshot({ path: shot("workspace-switcher") });
  await page.getByRole("link", { name: /Globex/ }).click();
  await expect(page).toHaveURL(/\/w\/globex\/requests$/);
  await expect(page.getByRole("button", { name: /Workspace: Globex/ })).toBeVisible();
});

test("an invited member must replace the one-time password before anything else", async ({ page }) => {
  const ws = await db().workspace.findUniqueOrThrow({ where: { slug: "demo" } });
  const owner = await db().user.findUniqueOrThrow({ where: { email: DEMO_OWNER.email } });
  const email = `new-hire-${Date.now().toString(36)}@example.com`;
  const { oneTimePassword } = await inviteMember({ workspaceId: ws.id, actor: { userId: owner.id, role: "OWNER" }, email, role: "VIEWER" });

  await signIn(page, { email, password: oneTimePassword! });
  await expect(page).toHaveURL(/\/change-password$/);
  await page.goto("/w/demo/requests");
  await expect(page).toHaveURL(/\/change-password$/);
  await page.screenshot({ path: shot("set-new-password"), fullPage: true });

  await page.getByLabel("New password", { exact: true }).fill("short");
  await page.getByLabel("Repeat the new password").fill("short");
  await page.getByRole("button", { name: "Set password and continue" }).click();
  await expect(page.getByText("Use at least 10 characters.")).toBeVisible();

  await page.getByLabel("New password", { exact: true }).fill("my own secret phrase");
  await page.getByLabel("Repeat the new password").fill("my own secret phrase");
  await page.getByRole("button", { name: "Set password and continue" }).click();
  await expect(page).toHaveURL(/\/w\/demo\/requests$/);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await signIn(page, { email, password: "my own secret phrase" });
  await expect(page).toHaveURL(/\/w\/demo\/requests$/);
});

test("a viewer sees what their role cannot do instead of sync logs and API tokens", async ({ page }) => {
  await signIn(page, { email: "viewer@ferry.dev", password: DEMO_OWNER.password });
  await page.goto("/w/demo/sync-logs");
  await expect(page.getByRole("heading", { name: "Your role cannot see sync logs" })).toBeVisible();
  await expect(page.getByText("you are a viewer")).toBeVisible();
  await page.screenshot({ path: shot("role-required"), fullPage: true });
});

test("someone in no workspace is told so, and how to get into one", async ({ page }) => {
  const email = `loner-${Date.now().toString(36)}@example.com`;
  await db().user.create({ data: { email, name: "Lone Person", passwordHash: await hashPassword("a password of my own") } });

  await signIn(page, { email, password: "a password of my own" });
  await expect(page.getByRole("heading", { name: "You are not in any workspace yet" })).toBeVisible();
  await expect(page.getByText("Settings → Members")).toBeVisible();
  await page.screenshot({ path: shot("no-workspace"), fullPage: true });
});
