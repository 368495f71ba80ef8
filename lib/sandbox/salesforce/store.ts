import { createHash, randomBytes } from "node:crypto";
import { KEY_PREFIXES, newSalesforceId } from "./ids";
import { defaultLayout, defaultLayoutName, type LayoutMetadata } from "./layouts";
import { standardObjects, type ObjectDef } from "./schema";

/**
 * Everything the Salesforce sandbox holds: orgs (each with its sObject types and records),
 * connected apps, and the OAuth artefacts (authorization codes, access tokens, refresh tokens).
 * Records are plain objects keyed by the field's API name; `Id` is the 18-character id.
 */

export type SfRecord = Record<string, unknown> & { Id: string };

/** Production/Developer orgs log in at login.salesforce.com, sandboxes at test.salesforce.com. */
export type OrgEnvironment = "production" | "sandbox";
export type LoginHost = "login" | "test";

export const LOGIN_HOST_OF: Record<OrgEnvironment, LoginHost> = { production: "login", sandbox: "test" };

export class Org {
  readonly objects = new Map<string, ObjectDef>();
  readonly records = new Map<string, Map<string, SfRecord>>();
  /** Page layouts by lower-cased full name (`account-account layout`), see layouts.ts. */
  readonly layouts = new Map<string, { fullName: string; metadata: LayoutMetadata }>();
  /** How many custom-object key prefixes were handed out (kept in state files so prefixes never repeat). */
  customPrefixCounter = 0;

  constructor(
    readonly id: string,
    readonly slug: string,
    public name: string,
    readonly environment: OrgEnvironment,
    private readonly now: () => number,
  ) {
    for (const def of standardObjects()) this.addObject(def);
  }

  addObject(def: ObjectDef): void {
    this.objects.set(def.name.toLowerCase(), def);
    if (!this.records.has(def.name)) this.records.set(def.name, new Map());
    const layout = defaultLayoutName(def);
    if (!this.layouts.has(layout.toLowerCase())) this.layouts.set(layout.toLowerCase(), { fullName: layout, metadata: defaultLayout(def) });
  }

  /** The next key prefix for a custom object's records: a00, a01, … */
  nextCustomPrefix(): string {
    const n = this.customPrefixCounter++;
    return `a${(Math.floor(n / 36) % 36).toString(36)}${(n % 36).toString(36)}`;
  }

  object(name: string): ObjectDef | undefined {
    return this.objects.get(name.toLowerCase());
  }

  table(def: ObjectDef): Map<string, SfRecord> {
    let table = this.records.get(def.name);
    if (!table) {
      table = new Map();
      this.records.set(def.name, table);
    }
    return table;
  }

  /** The object a record id belongs to, by key prefix. */
  objectOfId(id: string): ObjectDef | undefined {
    for (const def of this.objects.values()) if (this.records.get(def.name)?.has(id)) return def;
    return undefined;
  }

  timestamp(): string {
    return new Date(this.now()).toISOString().replace("Z", "+0000");
  }

  /** Inserts a record as-is (seeding and internal writes; API writes go through records.ts). */
  insert(objectName: string, fields: Record<string, unknown>, id?: string): SfRecord {
    const def = this.object(objectName);
    if (!def) throw new Error(`Unknown object ${objectName}`);
    const stamp = this.timestamp();
    const record: SfRecord = {
      IsDeleted: false,
      CreatedDate: stamp,
      LastModifiedDate: stamp,
      SystemModstamp: stamp,
      ...fields,
      Id: id ?? newSalesforceId(def.keyPrefix),
    };
    this.table(def).set(record.Id, record);
    return record;
  }

  all(objectName: string): SfRecord[] {
    const def = this.object(objectName);
    return def ? [...this.table(def).values()] : [];
  }

  /**
   * Back to a fresh org: custom objects and fields, their FieldPermissions and all business
   * records go; the org's configuration (users, profiles, permission sets) stays so its users can
   * still log in.
   */
  reset(): void {
    for (const [key, def] of [...this.objects]) if (def.custom) this.objects.delete(key);
    for (const def of this.objects.values()) {
      for (const [key, f] of [...def.fields]) if (f.custom) def.fields.delete(key);
    }
    for (const name of [...this.records.keys()]) {
      if (!this.object(name)) this.records.delete(name);
      else if (!KEPT_ON_RESET.has(name)) this.records.set(name, new Map());
    }
    this.layouts.clear();
    for (const def of this.objects.values()) this.layouts.set(defaultLayoutName(def).toLowerCase(), { fullName: defaultLayoutName(def), metadata: defaultLayout(def) });
    this.customPrefixCounter = 0;
  }
}

const KEPT_ON_RESET = new Set(["User", "Profile", "PermissionSet"]);

export interface ConnectedApp {
  clientId: string;
  clientSecret: string;
  name: string;
  redirectUris: string[];
  /** Scopes the app may grant; a request without `scope` gets all of them. */
  scopes: string[];
  /** External Client App switch "Require PKCE" (reference §2.1). */
  requirePkce: boolean;
  /** "Enable Refresh Token Rotation" (reference §2.1, §2.5). */
  rotateRefreshTokens: boolean;
}

export interface AuthorizationCode {
  code: string;
  clientId: string;
  redirectUri: string;
  orgId: string;
  userId: string;
  scope: string[];
  codeChallenge: string | null;
  loginHost: LoginHost;
  expiresAt: number;
}

export interface RefreshTokenEntry {
  token: string;
  clientId: string;
  orgId: string;
  userId: string;
  scope: string[];
  loginHost: LoginHost;
  codeChallenge: string | null;
  revoked: boolean;
  /** With rotation: the token that replaced this one. */
  rotatedTo: string | null;
}

export interface SessionEntry {
  token: string;
  clientId: string;
  orgId: string;
  userId: string;
  scope: string[];
  loginHost: LoginHost;
  issuedAt: number;
  /** The refresh token this session came from (revoking it ends the session). */
  refreshToken: string | null;
  expired: boolean;
}

export class SalesforceStore {
  readonly orgs = new Map<string, Org>();
  readonly apps = new Map<string, ConnectedApp>();
  readonly codes = new Map<string, AuthorizationCode>();
  readonly sessions = new Map<string, SessionEntry>();
  readonly refreshTokens = new Map<string, RefreshTokenEntry>();

  constructor(readonly now: () => number) {}

  addOrg(input: { id?: string; slug: string; name: string; environment: OrgEnvironment }): Org {
    const org = new Org(input.id ?? newSalesforceId(KEY_PREFIXES.Organization), input.slug.toLowerCase(), input.name, input.environment, this.now);
    this.orgs.set(org.id, org);
    return org;
  }

  /** By id (15 or 18 chars) or slug. */
  findOrg(ref: string): Org | undefined {
    const lower = ref.toLowerCase();
    for (const org of this.orgs.values()) if (org.id === ref || org.id.slice(0, 15) === ref || org.slug === lower) return org;
    return undefined;
  }

  addApp(app: ConnectedApp): ConnectedApp {
    this.apps.set(app.clientId, app);
    return app;
  }

  newToken(orgId: string): string {
    // Salesforce session ids look like `00D…!AQ…`: the org id, a bang, an opaque part.
    return `${orgId.slice(0, 15)}!AQ${randomBytes(48).toString("base64url")}`;
  }

  newRefreshToken(): string {
    return `5Aep861${randomBytes(40).toString("base64url")}`;
  }

  /** Ends every session (and optionally refresh token) of an org, or all. */
  expireSessions(orgId?: string): number {
    let count = 0;
    for (const s of this.sessions.values()) {
      if ((orgId === undefined || s.orgId === orgId) && !s.expired) {
        s.expired = true;
        count += 1;
      }
    }
    return count;
  }

  revokeRefreshToken(entry: RefreshTokenEntry): void {
    entry.revoked = true;
    for (const s of this.sessions.values()) if (s.refreshToken === entry.token) s.expired = true;
  }

  resetAuth(orgId?: string): void {
    for (const map of [this.codes, this.sessions, this.refreshTokens] as Map<string, { orgId: string }>[]) {
      for (const [k, v] of [...map]) if (orgId === undefined || v.orgId === orgId) map.delete(k);
    }
  }
}

/** A short, log-safe id for a token (never the token itself). */
export function tokenId(token: string): string {
  return `tok_${createHash("sha256").update(token).digest("hex").slice(0, 12)}`;
}
