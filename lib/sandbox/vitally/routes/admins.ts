import { badRequest, notFound } from "../errors";
import { presentAdmin } from "../presenters";
import { paginate, parsePageQuery } from "../pagination";
import { ok, type RouteDef } from "../router";

/** Admins (team members), reference §8.4: read-only, edited in-app, so they come from seeds. */

export const adminRoutes: RouteDef[] = [
  {
    // Undocumented but used in production by Airbyte (§8.4).
    method: "GET",
    path: "/admins",
    handler: (ctx) => ok(paginate(ctx.ws.data.admins.values(), parsePageQuery(ctx.query, ctx.strict), presentAdmin)),
  },
  {
    method: "GET",
    path: "/admins/search",
    handler: (ctx) => {
      const params = [...new Set(ctx.query.keys())];
      const email = ctx.query.get("email");
      if (email === null || email === "") throw badRequest("email is required");
      if (ctx.strict && params.length !== 1) throw badRequest("Exactly one parameter, email, is allowed");
      const matches = [...ctx.ws.data.admins.values()].filter((a) =>
        ctx.strict ? a.email === email : a.email.toLowerCase() === email.toLowerCase(),
      );
      // Strict: the docs' example answers a single Admin object; lenient: a list, as FT reads it.
      if (!ctx.strict) return ok({ results: matches.map(presentAdmin) });
      const admin = matches[0];
      if (!admin) throw notFound("Admin");
      return ok(presentAdmin(admin));
    },
  },
];
