import { redirect } from "next/navigation";
import { requirePageMember } from "@/app/_lib/page";

export default async function WorkspaceHome({ params }: { params: Promise<{ workspace: string }> }) {
  await requirePageMember(params, "requests.read");
  const { workspace } = await params;
  redirect(`/w/${workspace}/requests`);
}
