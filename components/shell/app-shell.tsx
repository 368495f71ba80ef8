import type { ReactNode } from "react";
import { InboxIcon, LogIcon, PlugIcon, SettingsIcon } from "@/components/ui/icons";
import { NavLink } from "@/components/shell/nav-link";
import { SignOutButton } from "@/components/shell/sign-out-button";
import { WorkspaceSwitcher } from "@/components/shell/workspace-switcher";

type Workspace = { slug: string; name: string; roleLabel: string };

/** The dashboard frame: sidebar (workspace, sections, signed-in user) and the page beside it. */
export function AppShell({
  current,
  workspaces,
  user,
  children,
}: {
  current: Workspace;
  workspaces: Workspace[];
  user: { name: string; email: string };
  children: ReactNode;
}) {
  const base = `/w/${current.slug}`;
  return (
    <div className="flex min-h-screen">
      <aside className="w-60 shrink-0 border-r border-zinc-200 bg-white">
        <div className="sticky top-0 flex h-screen flex-col">
          <div className="flex items-center gap-2 px-4 pt-4 pb-3">
            <span className="text-[15px] font-semibold tracking-tight text-zinc-900">Ferry</span>
          </div>
          <div className="px-2 pb-3">
            <WorkspaceSwitcher current={current} workspaces={workspaces} />
          </div>
          <nav aria-label="Sections" className="flex-1 space-y-0.5 border-t border-zinc-100 px-2 pt-3">
            <NavLink href={`${base}/requests`} icon={<InboxIcon />}>
              Requests
            </NavLink>
            <NavLink href={`${base}/integrations`} icon={<PlugIcon />}>
              Integrations
            </NavLink>
            <NavLink href={`${base}/sync-logs`} icon={<LogIcon />}>
              Sync logs
            </NavLink>
            <NavLink href={`${base}/settings`} icon={<SettingsIcon />}>
              Settings
            </NavLink>
          </nav>
          <div className="flex items-center gap-2.5 border-t border-zinc-100 px-3 py-3">
            <span aria-hidden className="flex size-8 shrink-0 items-center justify-center rounded-full bg-zinc-100 text-xs font-semibold text-zinc-600">
              {initials(user.name)}
            </span>
            <div className="min-w-0 flex-1">
              <p className="truncate text-sm font-medium text-zinc-900">{user.name}</p>
              <p className="truncate text-xs text-zinc-500">{user.email}</p>
            </div>
            <SignOutButton />
          </div>
        </div>
      </aside>
      <main id="main" className="min-w-0 flex-1">
        <div className="mx-auto max-w-7xl px-6 py-8 xl:px-8">{children}</div>
      </main>
    </div>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "") + (parts.length > 1 ? parts[parts.length - 1][0] : "")).toUpperCase() || "?";
}
