import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { removeMember } from "@/lib/members/remove-member";
import { createMember, createWorkspace } from "@/tests/factories";

const isMember = async (workspaceId: string, userId: string) =>
  (await db().membership.count({ where: { workspaceId, userId } })) === 1;

describe("removeMember", () => {
  it("removes a member and keeps their account", async () => {
    const ws = await createWorkspace();
    const admin = await createMember(ws.id, "ADMIN");
    const support = await createMember(ws.id, "SUPPORT");

    await removeMember({ workspaceId: ws.id, actor: { userId: admin.id, role: "ADMIN" }, userId: support.id });

    expect(await isMember(ws.id, support.id)).toBe(false);
    expect(await db().user.findUnique({ where: { id: support.id } })).not.toBeNull();
  });

  it("lets only owners remove an owner", async () => {
    const ws = await createWorkspace();
    const owner = await createMember(ws.id, "OWNER");
    const other = await createMember(ws.id, "OWNER");
    const admin = await createMember(ws.id, "ADMIN");

    await expect(removeMember({ workspaceId: ws.id, actor: { userId: admin.id, role: "ADMIN" }, userId: owner.id })).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await isMember(ws.id, owner.id)).toBe(true);

    await removeMember({ workspaceId: ws.id, actor: { userId: owner.id, role: "OWNER" }, userId: other.id });
    expect(await isMember(ws.id, other.id)).toBe(false);
  });

  it("never removes the last owner, including the owner removing themselves", async () => {
    const ws = await createWorkspace();
    const owner = await createMember(ws.id, "OWNER");

    await expect(removeMember({ workspaceId: ws.id, actor: { userId: owner.id, role: "OWNER" }, userId: owner.id })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("last owner"),
    });
    expect(await isMember(ws.id, owner.id)).toBe(true);
  });

  it("lets an owner leave when another owner remains", async () => {
    const ws = await createWorkspace();
    const owner = await createMember(ws.id, "OWNER");
    await createMember(ws.id, "OWNER");

    await removeMember({ workspaceId: ws.id, actor: { userId: owner.id, role: "OWNER" }, userId: owner.id });

    expect(await isMember(ws.id, owner.id)).toBe(false);
  });

  it("answers not_found for a non-member", async () => {
    const ws = await createWorkspace();
    const other = await createWorkspace();
    const owner = await createMember(ws.id, "OWNER");
    const stranger = await createMember(other.id, "ADMIN");

    await expect(removeMember({ workspaceId: ws.id, actor: { userId: owner.id, role: "OWNER" }, userId: stranger.id })).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await isMember(other.id, stranger.id)).toBe(true);
  });
});
