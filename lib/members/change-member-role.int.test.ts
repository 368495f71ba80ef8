import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { changeMemberRole } from "@/lib/members/change-member-role";
import { createMember, createWorkspace } from "@/tests/factories";

const roleOf = async (workspaceId: string, userId: string) =>
  (await db().membership.findFirstOrThrow({ where: { workspaceId, userId } })).role;

describe("changeMemberRole", () => {
  it("changes a member's role", async () => {
    const ws = await createWorkspace();
    const admin = await createMember(ws.id, "ADMIN");
    const viewer = await createMember(ws.id, "VIEWER");

    await changeMemberRole({ workspaceId: ws.id, actor: { userId: admin.id, role: "ADMIN" }, userId: viewer.id, role: "SUPPORT" });

    expect(await roleOf(ws.id, viewer.id)).toBe("SUPPORT");
  });

  it("lets only owners grant or revoke OWNER", async () => {
    const ws = await createWorkspace();
    await createMember(ws.id, "OWNER");
    const owner = await createMember(ws.id, "OWNER");
    const admin = await createMember(ws.id, "ADMIN");
    const viewer = await createMember(ws.id, "VIEWER");
    const asAdmin = { userId: admin.id, role: "ADMIN" as const };

    await expect(changeMemberRole({ workspaceId: ws.id, actor: asAdmin, userId: viewer.id, role: "OWNER" })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(changeMemberRole({ workspaceId: ws.id, actor: asAdmin, userId: owner.id, role: "VIEWER" })).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await roleOf(ws.id, viewer.id)).toBe("VIEWER");
    expect(await roleOf(ws.id, owner.id)).toBe("OWNER");

    await changeMemberRole({ workspaceId: ws.id, actor: { userId: owner.id, role: "OWNER" }, userId: viewer.id, role: "OWNER" });
    expect(await roleOf(ws.id, viewer.id)).toBe("OWNER");
  });

  it("never demotes the last owner, not even themselves", async () => {
    const ws = await createWorkspace();
    const owner = await createMember(ws.id, "OWNER");

    await expect(
      changeMemberRole({ workspaceId: ws.id, actor: { userId: owner.id, role: "OWNER" }, userId: owner.id, role: "ADMIN" }),
    ).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("at least one owner") });
    expect(await roleOf(ws.id, owner.id)).toBe("OWNER");
  });

  it("lets one of two owners step down, but not both at once", async () => {
    const ws = await createWorkspace();
    const a = await createMember(ws.id, "OWNER");
    const b = await createMember(ws.id, "OWNER");

    const results = await Promise.allSettled([
      changeMemberRole({ workspaceId: ws.id, actor: { userId: a.id, role: "OWNER" }, userId: a.id, role: "ADMIN" }),
      changeMemberRole({ workspaceId: ws.id, actor: { userId: b.id, role: "OWNER" }, userId: b.id, role: "ADMIN" }),
    ]);

    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db().membership.count({ where: { workspaceId: ws.id, role: "OWNER" } })).toBe(1);
  });

  it("answers not_found for someone outside the workspace", async () => {
    const ws = await createWorkspace();
    const other = await createWorkspace();
    const owner = await createMember(ws.id, "OWNER");
    const stranger = await createMember(other.id, "VIEWER");

    await expect(
      changeMemberRole({ workspaceId: ws.id, actor: { userId: owner.id, role: "OWNER" }, userId: stranger.id, role: "ADMIN" }),
    ).rejects.toMatchObject({ code: "not_found" });
    expect(await roleOf(other.id, stranger.id)).toBe("VIEWER");
  });
});
