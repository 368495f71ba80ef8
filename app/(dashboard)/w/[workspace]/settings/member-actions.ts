"use server";

import { defineAction } from "@/app/_lib/action";
import { changeMemberRole, ZChangeMemberRoleInput } from "@/lib/members/change-member-role";
import { inviteMember, ZInviteMemberInput } from "@/lib/members/invite-member";
import { removeMember, ZRemoveMemberInput } from "@/lib/members/remove-member";

export const inviteMemberAction = defineAction({
  name: "members.invite",
  capability: "members.manage",
  input: ZInviteMemberInput,
  run: (member, input) => inviteMember({ workspaceId: member.workspace.id, actor: member, ...input }),
});

export const changeMemberRoleAction = defineAction({
  name: "members.change-role",
  capability: "members.manage",
  input: ZChangeMemberRoleInput,
  run: (member, input) => changeMemberRole({ workspaceId: member.workspace.id, actor: member, ...input }),
});

export const removeMemberAction = defineAction({
  name: "members.remove",
  capability: "members.manage",
  input: ZRemoveMemberInput,
  run: (member, input) => removeMember({ workspaceId: member.workspace.id, actor: member, ...input }),
});
