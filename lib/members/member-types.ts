import type { Role } from "@/generated/prisma/enums";

/** The member acting on a workspace, as requireMember returns it. */
export type Actor = { userId: string; role: Role };

export type MemberRow = {
  userId: string;
  name: string;
  email: string;
  role: Role;
  joinedAt: Date;
  /** Invited, and has not yet replaced the one-time password. */
  pendingFirstSignIn: boolean;
};
