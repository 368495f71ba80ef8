import { publicRoute } from "@/app/api/v1/_lib/handler";
import { notFound } from "@/lib/errors";

/** Any other /api/v1 path: a JSON 404 rather than the dashboard's HTML page. */
const unknown = publicRoute({ name: "unknown" }, async () => {
  throw notFound("No such API endpoint. See /api/v1/openapi.json for the endpoints Ferry offers.");
});

export { unknown as GET, unknown as POST, unknown as PUT, unknown as PATCH, unknown as DELETE };
