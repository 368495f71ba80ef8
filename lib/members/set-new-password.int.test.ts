import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { verifyPassword } from "@/lib/auth/password";
import { inviteMember } from "@/lib/members/invite-member";
import { setNewPassword, ZSetNewPasswordInput } from "@/lib/members/set-new-password";
import { createMember, createUser, createWorkspace, uid } from "@/tests/factories";

async function invited() {
  const ws = await createWorkspace();
  const owner = await createMember(ws.id, "OWNER");
  const invite = await inviteMember({
    workspaceId: ws.id,
    actor: { userId: owner.id, role: "OWNER" },
    email: `invited-${uid()}@example.com`,
    role: "VIEWER",
  });
  return invite;
}

describe("setNewPassword", () => {
  it("replaces the one-time password and clears the forced step", async () => {
    const { userId, oneTimePassword } = await invited();

    await setNewPassword({ userId, newPassword: "a much better password", confirmPassword: "a much better password" });

    const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
    expect(user.mustChangePassword).toBe(false);
    expect(await verifyPassword("a much better password", user.passwordHash)).toBe(true);
    expect(await verifyPassword(oneTimePassword!, user.passwordHash)).toBe(false);
  });

  it("refuses to keep the one-time password", async () => {
    const { userId, oneTimePassword } = await invited();

    await expect(setNewPassword({ userId, newPassword: oneTimePassword!, confirmPassword: oneTimePassword! })).rejects.toMatchObject({
      code: "invalid_input",
      fields: { newPassword: [expect.any(String)] },
    });
    expect((await db().user.findUniqueOrThrow({ where: { id: userId } })).mustChangePassword).toBe(true);
  });

  it("is only for accounts that still hold a one-time password", async () => {
    const user = await createUser();
    await expect(
      setNewPassword({ userId: user.id, newPassword: "another long password", confirmPassword: "another long password" }),
    ).rejects.toMatchObject({ code: "conflict" });
  });

  it("asks for a long enough password typed twice the same", () => {
    expect(ZSetNewPasswordInput.safeParse({ newPassword: "short", confirmPassword: "short" }).success).toBe(false);
    const mismatch = ZSetNewPasswordInput.safeParse({ newPassword: "long enough one", confirmPassword: "long enough two" });
    expect(mismatch.success).toBe(false);
    expect(mismatch.error?.issues[0]?.path).toEqual(["confirmPassword"]);
  });
});
