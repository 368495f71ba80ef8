import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { LockIcon } from "@/components/ui/icons";
import { CAPABILITIES, ROLE_LABELS, type Capability } from "@/lib/auth/roles";
import type { Role } from "@/generated/prisma/enums";

const WHAT: Record<Capability, string> = {
  "requests.read": "see requests",
  "requests.write": "change requests",
  "logs.read": "see sync logs",
  "sync.retry": "retry syncs",
  "integrations.read": "see integrations",
  "integrations.manage": "connect or configure integrations",
  "members.read": "see members",
  "members.manage": "manage members",
  "tokens.manage": "manage API tokens",
};

function list(labels: string[]): string {
  return labels.length <= 1 ? (labels[0] ?? "") : `${labels.slice(0, -1).join(", ")} and ${labels[labels.length - 1]}`;
}

/** What a member sees where their role stops them: who can, and whom to ask. */
export function RoleRequired({ capability, role, title }: { capability: Capability; role?: Role; title?: string }) {
  const allowed = (CAPABILITIES[capability] as readonly Role[]).map((r) => `${ROLE_LABELS[r].toLowerCase()}s`);
  return (
    <>
      {title ? <PageHeader title={title} /> : null}
      <Card>
        <EmptyState icon={<LockIcon />} title={`Your role cannot ${WHAT[capability]}`}>
          Only {list(allowed)} can {WHAT[capability]}
          {role ? <> — you are {/^[AEIOU]/.test(ROLE_LABELS[role]) ? "an" : "a"} {ROLE_LABELS[role].toLowerCase()}</> : null}. Ask a
          workspace owner or admin if you need it.
        </EmptyState>
      </Card>
    </>
  );
}
