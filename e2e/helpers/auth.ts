import { expect, type Page } from "@playwright/test";

export const DEMO_OWNER = { email: "owner@ferry.dev", password: "ferry-demo-password" };

/** Signs in through the real sign-in page and waits until the browser has left it. */
export async function signIn(page: Page, user: { email: string; password: string } = DEMO_OWNER) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}
