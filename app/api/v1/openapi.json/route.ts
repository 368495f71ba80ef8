import { publicRoute } from "@/app/api/v1/_lib/handler";
import { openApiDocument } from "@/lib/api/openapi";

export const GET = publicRoute({ name: "openapi" }, async () => ({ status: 200, body: openApiDocument() }));
