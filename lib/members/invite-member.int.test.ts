import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { verifyPassword } from "@/lib/auth/password";
import { inviteMember, ZInviteMemberInput } from "@/lib/members/invite-member";
import { listMembers } from "@/lib/members/list-members";
import { createMember, createUser, createWorkspace, uid } from "@/tests/factories";

describe("inviteMember", () => {
  it("creates a new account with a one-time password that must be replaced", async () => {
    const ws = await createWorkspace();
    const owner = await createMember(ws.id, "OWNER");
    const email = `new.person-${uid()}@example.com`;

    const result = await inviteMember({ workspaceId: ws.id, actor: { userId: owner.id, role: "OWNER" }, email, role: "SUPPORT" });

    expect(result.oneTimePassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    const user = await db().user.findUniqueOrThrow({ where: { email } });
    expect(user.mustChangePassword).toBe(true);
    expect(user.name).toMatch(/^New Person/);
    expect(user.passwordHash).not.toContain(result.oneTimePassword!);
    expect(await verifyPassword(result.oneTimePassword!, user.passwordHash)).toBe(true);
    const members = await listMembers({ workspaceId: ws.id });
    expect(members.find((m) => m.email === email)).toMatchObject({ role: "SUPPORT", pendingFirstSignIn: true });
  });

  it("adds an existing account as it is, with no password", async () => {
    const ws = await createWorkspace();
    const admin = await createMember(ws.id, "ADMIN");
    const existing = await createUser();

    const result = await inviteMember({
      workspaceId: ws.id,
      actor: { userId: admin.id, role: "ADMIN" },
      email: existing.email.toUpperCase(),
      role: "VIEWER",
    });

    expect(result).toEqual({ userId: existing.id, email: existing.email, oneTimePassword: null });
    const user = await db().user.findUniqueOrThrow({ where: { id: existing.id } });
    expect(user.passwordHash).toBe(existing.passwordHash);
    expect(user.mustChangePassword).toBe(false);
  });

  it("refuses someone who is already a member, naming the email field", async () => {
    const ws = await createWorkspace();
    const owner = await createMember(ws.id, "OWNER");
    const viewer = await createMember(ws.id, "VIEWER");

    await expect(
      inviteMember({ workspaceId: ws.id, actor: { userId: owner.id, role: "OWNER" }, email: viewer.email, role: "ADMIN" }),
    ).rejects.toMatchObject({ code: "conflict", fields: { email: [expect.stringContaining("already a member")] } });
    const membership = await db().membership.findFirstOrThrow({ where: { workspaceId: ws.id, userId: viewer.id } });
    expect(membership.role).toBe("VIEWER");
  });

  it("lets only owners grant the owner role", async () => {
    const ws = await createWorkspace();
    const admin = await createMember(ws.id, "ADMIN");
    const email = `promoted-${uid()}@example.com`;

    await expect(
      inviteMember({ workspaceId: ws.id, actor: { userId: admin.id, role: "ADMIN" }, email, role: "OWNER" }),
    ).rejects.toMatchObject({ code: "forbidden" });
    expect(await db().user.findUnique({ where: { email } })).toBeNull();
  });

  it("validates and normalises the email", () => {
    expect(ZInviteMemberInput.safeParse({ email: "not-an-email", role: "VIEWER" }).success).toBe(false);
    expect(ZInviteMemberInput.parse({ email: "  Ana@Example.COM ", role: "VIEWER" }).email).toBe("ana@example.com");
    expect(ZInviteMemberInput.safeParse({ email: "ana@example.com", role: "GOD" }).success).toBe(false);
  });
});
