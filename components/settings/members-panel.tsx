"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { Role } from "@/generated/prisma/enums";
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES } from "@/lib/auth/roles";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { Field, fieldAria, Input } from "@/components/ui/input";
import { LocalTime } from "@/components/ui/local-time";
import { Select } from "@/components/ui/select";
import { SecretBox } from "@/components/ui/secret-box";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import { useAction } from "@/components/settings/use-action";
import { changeMemberRoleAction, inviteMemberAction, removeMemberAction } from "@/app/(dashboard)/w/[workspace]/settings/member-actions";

export type MemberItem = { userId: string; name: string; email: string; role: Role; joinedAt: string; pendingFirstSignIn: boolean };

/** Members and roles. Owners and admins change them; everyone else sees the list. */
export function MembersPanel({
  workspaceSlug,
  members,
  me,
  canManage,
}: {
  workspaceSlug: string;
  members: MemberItem[];
  me: { userId: string; role: Role };
  canManage: boolean;
}) {
  const [inviting, setInviting] = useState(false);
  const owners = members.filter((m) => m.role === "OWNER").length;
  const assignable = ROLES.filter((r) => r !== "OWNER" || me.role === "OWNER");

  return (
    <Card>
      <CardHeader
        id="members"
        title="Members"
        description={canManage ? "Who can use this workspace, and what each person may do." : "Who can use this workspace. Owners and admins manage members."}
        action={canManage ? <Button onClick={() => setInviting(true)}>Invite member</Button> : null}
      />
      <Table aria-labelledby="members">
        <THead>
          <tr>
            <TH>Name</TH>
            <TH>Role</TH>
            <TH>Member since</TH>
            {canManage ? <TH className="text-right">Actions</TH> : null}
          </tr>
        </THead>
        <tbody>
          {members.map((m) => (
            <MemberRow
              key={m.userId}
              workspaceSlug={workspaceSlug}
              member={m}
              me={me}
              canManage={canManage}
              assignable={assignable}
              lastOwner={m.role === "OWNER" && owners <= 1}
            />
          ))}
        </tbody>
      </Table>
      <dl className="grid gap-x-6 gap-y-1.5 border-t border-zinc-100 px-5 py-4 text-xs text-zinc-500 sm:grid-cols-2">
        {ROLES.map((r) => (
          <div key={r}>
            <dt className="inline font-medium text-zinc-700">{ROLE_LABELS[r]}:</dt> <dd className="inline">{ROLE_DESCRIPTIONS[r]}</dd>
          </div>
        ))}
      </dl>
      {canManage ? <InviteDialog open={inviting} onClose={() => setInviting(false)} workspaceSlug={workspaceSlug} assignable={assignable} /> : null}
    </Card>
  );
}

function MemberRow({
  workspaceSlug,
  member,
  me,
  canManage,
  assignable,
  lastOwner,
}: {
  workspaceSlug: string;
  member: MemberItem;
  me: { userId: string; role: Role };
  canManage: boolean;
  assignable: readonly Role[];
  lastOwner: boolean;
}) {
  const router = useRouter();
  const change = useAction(changeMemberRoleAction, workspaceSlug);
  const remove = useAction(removeMemberAction, workspaceSlug);
  const [confirming, setConfirming] = useState(false);
  const isMe = member.userId === me.userId;
  // Only owners touch owners; the last owner keeps the role (the server enforces both).
  const locked = (member.role === "OWNER" && me.role !== "OWNER") || lastOwner;
  const lockReason = lastOwner ? "The last owner keeps the owner role." : "Only owners can change an owner.";

  return (
    <TR>
      <TD>
        <div className="flex items-center gap-2">
          <span className="font-medium text-zinc-900">{member.name}</span>
          {isMe ? <Badge tone="gray">You</Badge> : null}
          {member.pendingFirstSignIn ? <Badge tone="amber">Invited, not signed in yet</Badge> : null}
        </div>
        <div className="text-xs text-zinc-500">{member.email}</div>
        {change.error || remove.error ? (
          <p role="alert" className="mt-1 text-xs font-medium text-red-600">
            {change.error ?? remove.error}
          </p>
        ) : null}
      </TD>
      <TD>
        {canManage && !locked ? (
          <>
            <label htmlFor={`role-${member.userId}`} className="sr-only">
              Role of {member.name}
            </label>
            <Select
              id={`role-${member.userId}`}
              value={member.role}
              disabled={change.pending}
              onChange={(e) => change.run({ userId: member.userId, role: e.target.value as Role })}
              compact
              className="w-36"
            >
              {(assignable.includes(member.role) ? assignable : [member.role, ...assignable]).map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </Select>
          </>
        ) : (
          <span title={canManage ? lockReason : undefined}>
            <Badge tone={member.role === "OWNER" ? "indigo" : "gray"}>{ROLE_LABELS[member.role]}</Badge>
          </span>
        )}
      </TD>
      <TD className="text-zinc-500">
        <LocalTime value={member.joinedAt} style="date" />
      </TD>
      {canManage ? (
        <TD className="text-right">
          {locked ? (
            <span className="text-xs text-zinc-400">{lockReason}</span>
          ) : (
            <Button variant="ghost-danger" size="sm" onClick={() => setConfirming(true)}>
              {isMe ? "Leave" : "Remove"}
            </Button>
          )}
          <Dialog
            open={confirming}
            onClose={() => setConfirming(false)}
            title={isMe ? "Leave this workspace?" : `Remove ${member.name}?`}
            description={
              isMe
                ? "You will lose access to this workspace at once. An owner or admin can add you again."
                : `${member.email} loses access to this workspace at once. Their Ferry account stays, and you can invite them again later.`
            }
            footer={
              <>
                <Button variant="secondary" onClick={() => setConfirming(false)} data-autofocus>
                  Cancel
                </Button>
                <Button
                  variant="danger"
                  disabled={remove.pending}
                  onClick={async () => {
                    const result = await remove.run({ userId: member.userId });
                    setConfirming(false);
                    if (result.ok && isMe) router.push("/");
                  }}
                >
                  {remove.pending ? "Removing…" : isMe ? "Leave workspace" : "Remove member"}
                </Button>
              </>
            }
          />
        </TD>
      ) : null}
    </TR>
  );
}

function InviteDialog({
  open,
  onClose,
  workspaceSlug,
  assignable,
}: {
  open: boolean;
  onClose: () => void;
  workspaceSlug: string;
  assignable: readonly Role[];
}) {
  const invite = useAction(inviteMemberAction, workspaceSlug);
  const [done, setDone] = useState<{ email: string; oneTimePassword: string | null } | null>(null);

  function close() {
    // The one-time password is dropped from memory when the dialog closes: it is shown once.
    setDone(null);
    invite.reset();
    onClose();
  }

  if (done) {
    return (
      <Dialog
        open={open}
        onClose={close}
        title={done.oneTimePassword ? "Member invited: share their one-time password" : "Member added"}
        description={
          done.oneTimePassword
            ? `Ferry created an account for ${done.email}. Send them this one-time password through a channel you trust; they choose their own password when they first sign in.`
            : `${done.email} already had a Ferry account and can sign in to this workspace now with their own password.`
        }
        footer={
          <Button onClick={close} data-autofocus>
            Done
          </Button>
        }
      >
        {done.oneTimePassword ? (
          <div className="space-y-3">
            <SecretBox label="One-time password" value={done.oneTimePassword} large />
            <Alert tone="warning">This password is shown only now. If it is lost, remove the member and invite them again.</Alert>
          </div>
        ) : null}
      </Dialog>
    );
  }

  return (
    <Dialog
      open={open}
      onClose={close}
      title="Invite a member"
      description="Someone new gets an account with a one-time password; someone who already uses Ferry is added as they are."
    >
      <form
        className="space-y-4"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          const result = await invite.run({
            email: String(form.get("email") ?? ""),
            name: String(form.get("name") ?? "") || undefined,
            role: String(form.get("role") ?? "") as Role,
          });
          if (result.ok) setDone({ email: result.data.email, oneTimePassword: result.data.oneTimePassword });
        }}
      >
        {invite.error && Object.keys(invite.fields).length === 0 ? <Alert tone="error">{invite.error}</Alert> : null}
        <Field id="invite-email" label="Email" error={invite.fields.email}>
          <Input {...fieldAria("invite-email", invite.fields.email)} name="email" type="email" autoComplete="off" required data-autofocus placeholder="name@company.com" />
        </Field>
        <Field id="invite-name" label="Name (optional)" hint="For a new account; defaults to the part of the email before the @." error={invite.fields.name}>
          <Input {...fieldAria("invite-name", invite.fields.name, true)} name="name" autoComplete="off" />
        </Field>
        <Field id="invite-role" label="Role" error={invite.fields.role}>
          <Select {...fieldAria("invite-role", invite.fields.role)} name="role" defaultValue="VIEWER">
            {assignable.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]} — {ROLE_DESCRIPTIONS[r]}
              </option>
            ))}
          </Select>
        </Field>
        <div className="flex justify-end gap-2 pt-2">
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" disabled={invite.pending}>
            {invite.pending ? "Inviting…" : "Invite"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
