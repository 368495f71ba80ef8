import { integrationsNeedingAttention } from "@/lib/integrations/list-integrations";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { LocalTime } from "@/components/ui/local-time";

const NAMES = { VITALLY: "Vitally", SALESFORCE: "Salesforce" } as const;

/**
 * Dashboard-wide: a destination rejected Ferry's credentials, so its pushes are held back. Owners
 * and admins get a link to fix the credentials; everyone else is told whom to ask.
 */
export async function NeedsAttentionBanner({
  workspaceId,
  workspaceSlug,
  canManage,
}: {
  workspaceId: string;
  workspaceSlug: string;
  canManage: boolean;
}) {
  const integrations = await integrationsNeedingAttention({ workspaceId });
  if (integrations.length === 0) return null;
  return (
    <div className="mb-6 space-y-3">
      {integrations.map((i) => (
        <Alert
          key={i.id}
          tone="warning"
          title={`${NAMES[i.provider]} needs attention: syncing is held back`}
          action={
            canManage ? (
              <ButtonLink href={`/w/${workspaceSlug}/integrations?fix=${i.id}`} size="sm">
                Fix credentials
              </ButtonLink>
            ) : null
          }
        >
          {i.attentionReason ?? `${NAMES[i.provider]} rejected Ferry’s credentials.`}
          {i.attentionSince ? (
            <>
              {" "}
              Since <LocalTime value={i.attentionSince.toISOString()} />.
            </>
          ) : null}{" "}
          Nothing is lost: pushes wait and go out once the credentials work.
          {canManage ? "" : " Ask a workspace owner or admin to update the credentials in Integrations."}
        </Alert>
      ))}
    </div>
  );
}
