-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN     "customFieldsVersion" INTEGER NOT NULL DEFAULT 0;

-- Every insert, update or delete of a workspace's custom fields bumps its "customFieldsVersion",
-- whoever writes them (the API, the seed, a script, psql). A request create that validated its
-- custom values against a cached copy of the definitions inserts only while the version it read
-- is still current (lib/requests/create-request.ts), so a stale copy can never let a value through.
-- Prisma's schema does not describe triggers; the drift check ignores them.
CREATE FUNCTION "ferry_bump_custom_fields_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Workspace" SET "customFieldsVersion" = "customFieldsVersion" + 1
  WHERE "id" = CASE WHEN TG_OP = 'DELETE' THEN OLD."workspaceId" ELSE NEW."workspaceId" END;
  RETURN NULL;
END
$$;

CREATE TRIGGER "CustomField_bump_custom_fields_version"
AFTER INSERT OR UPDATE OR DELETE ON "CustomField"
FOR EACH ROW EXECUTE FUNCTION "ferry_bump_custom_fields_version"();
