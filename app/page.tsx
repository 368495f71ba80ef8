import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignOutButton } from "@/components/shell/sign-out-button";
import { listUserWorkspaces } from "@/lib/workspaces/list-user-workspaces";
import { requireSignedInUser } from "@/app/_lib/session";

/** `/`: the user's first workspace, or a plain word that they are in none yet. */
export default async function Home() {
  const user = await requireSignedInUser();
  const workspaces = await listUserWorkspaces({ userId: user.id });
  if (workspaces[0]) redirect(`/w/${workspaces[0].slug}/requests`);
  return (
    <AuthCard title="You are not in any workspace yet" description={`Signed in as ${user.email}.`}>
      <p className="text-sm text-zinc-600">
        A workspace owner or admin adds people in <span className="font-medium text-zinc-800">Settings → Members</span>. Ask them to
        add this email address; the workspace then appears here when you sign in.
      </p>
      <div className="mt-5 flex items-center justify-end gap-2 border-t border-zinc-100 pt-4 text-sm text-zinc-600">
        Sign out <SignOutButton />
      </div>
    </AuthCard>
  );
}
