import { withAuth } from "next-auth/middleware";
import { env } from "@/lib/env";

/**
 * Sends signed-out visitors of dashboard paths to /login. Only a first line: every page, action
 * and dashboard route checks the session, the member and the role itself on the server.
 */
export default withAuth({ pages: { signIn: "/login" }, secret: env().NEXTAUTH_SECRET });

export const config = { matcher: ["/", "/w/:path*", "/change-password"] };
