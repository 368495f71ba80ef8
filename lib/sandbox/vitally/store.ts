import { createHash } from "node:crypto";
import {
  COLLECTION_NAMES,
  type CollectionName,
  type CollectionRecords,
  type Collections,
  type CollectionsJson,
  type CustomObjectInstanceRecord,
} from "./types";

/**
 * In-memory data of the sandbox: API keys, and one workspace (subdomain) per group of keys, each
 * with its own collections. Several keys may share a workspace, as several named keys can coexist
 * in one real Vitally workspace (reference §2).
 */

export interface SandboxKeyConfig {
  /** The raw secret token, e.g. `sk_live_ferry_demo`. */
  key: string;
  /** The workspace subdomain (`acme` in `acme.rest.vitally.io`). */
  subdomain: string;
  /** A label for humans (dashboard, logs). */
  name?: string;
  /** Overrides the sandbox-wide limit for this key. */
  rateLimitPerMinute?: number;
}

export interface KeyEntry {
  key: string;
  /** A non-secret id for logs and the control API: `key_` + 12 hex chars of sha256(key). */
  keyId: string;
  subdomain: string;
  name: string;
  rateLimitPerMinute: number | null;
  revoked: boolean;
}

/** A key as shown by the control API: never the raw key. */
export interface PublicKeyEntry {
  keyId: string;
  subdomain: string;
  name: string;
  rateLimitPerMinute: number | null;
  revoked: boolean;
}

export interface StoreSnapshot {
  version: 1;
  keys: KeyEntry[];
  workspaces: Record<string, CollectionsJson>;
}

export function keyIdOf(key: string): string {
  return `key_${createHash("sha256").update(key).digest("hex").slice(0, 12)}`;
}

export function normalizeSubdomain(subdomain: string): string {
  return subdomain.trim().toLowerCase();
}

export function publicKey(entry: KeyEntry): PublicKeyEntry {
  return {
    keyId: entry.keyId,
    subdomain: entry.subdomain,
    name: entry.name,
    rateLimitPerMinute: entry.rateLimitPerMinute,
    revoked: entry.revoked,
  };
}

function emptyCollections(): Collections {
  const data = {} as Record<CollectionName, Map<string, unknown>>;
  for (const name of COLLECTION_NAMES) data[name] = new Map();
  return data as Collections;
}

const instanceKey = (customObjectId: string, externalId: string) => `${customObjectId}\u0000${externalId}`;

export class Workspace {
  data: Collections = emptyCollections();
  private lastStamp = 0;
  /** Active custom object instances by (custom object, externalId); built on first use. */
  private instanceIndex: Map<string, string> | null = null;

  constructor(
    readonly subdomain: string,
    private readonly now: () => number,
    private readonly onChange: () => void,
  ) {}

  /** An ISO timestamp strictly later than the previous one, so every write moves `updatedAt`. */
  stamp(): string {
    let t = this.now();
    if (t <= this.lastStamp) t = this.lastStamp + 1;
    this.lastStamp = t;
    return new Date(t).toISOString();
  }

  collection<K extends CollectionName>(name: K): Map<string, CollectionRecords[K]> {
    return this.data[name] as Map<string, CollectionRecords[K]>;
  }

  changed(): void {
    this.onChange();
  }

  /**
   * Instances are written through here so the externalId index stays exact: every create checks
   * it, and a scan of a large collection per call would dominate the sandbox's cost.
   */
  putInstance(record: CustomObjectInstanceRecord): void {
    this.unindexInstance(record.id);
    this.data.customObjectInstances.set(record.id, record);
    if (this.instanceIndex && record.externalId && record.archivedAt === null) {
      this.instanceIndex.set(instanceKey(record.customObjectId, record.externalId), record.id);
    }
  }

  deleteInstance(id: string): void {
    this.unindexInstance(id);
    this.data.customObjectInstances.delete(id);
  }

  /** The active instance of a custom object with this externalId. */
  activeInstanceByExternalId(customObjectId: string, externalId: string): CustomObjectInstanceRecord | undefined {
    if (!this.instanceIndex) {
      this.instanceIndex = new Map();
      for (const r of this.data.customObjectInstances.values()) {
        if (r.externalId && r.archivedAt === null) this.instanceIndex.set(instanceKey(r.customObjectId, r.externalId), r.id);
      }
    }
    const id = this.instanceIndex.get(instanceKey(customObjectId, externalId));
    return id === undefined ? undefined : this.data.customObjectInstances.get(id);
  }

  private unindexInstance(id: string): void {
    const previous = this.data.customObjectInstances.get(id);
    if (!this.instanceIndex || !previous?.externalId) return;
    const key = instanceKey(previous.customObjectId, previous.externalId);
    if (this.instanceIndex.get(key) === id) this.instanceIndex.delete(key);
  }

  reset(): void {
    this.data = emptyCollections();
    this.instanceIndex = null;
    this.onChange();
  }

  isEmpty(): boolean {
    return COLLECTION_NAMES.every((name) => this.data[name].size === 0);
  }

  toJSON(): CollectionsJson {
    const out: Record<string, unknown[]> = {};
    for (const name of COLLECTION_NAMES) out[name] = [...this.data[name].values()];
    return out as CollectionsJson;
  }

  load(json: CollectionsJson): void {
    const data = emptyCollections() as Record<CollectionName, Map<string, { id: string }>>;
    for (const name of COLLECTION_NAMES) {
      for (const record of (json[name] ?? []) as Array<{ id: string }>) data[name].set(record.id, record);
    }
    this.data = data as unknown as Collections;
    this.instanceIndex = null;
  }
}

export class SandboxStore {
  readonly keys = new Map<string, KeyEntry>();
  readonly workspaces = new Map<string, Workspace>();

  constructor(
    private readonly now: () => number,
    private readonly onChange: () => void = () => {},
  ) {}

  addKey(config: SandboxKeyConfig): KeyEntry {
    if (!config.key) throw new Error("A sandbox key needs a non-empty `key`.");
    const subdomain = normalizeSubdomain(config.subdomain);
    if (!/^[a-z0-9][a-z0-9-]*$/.test(subdomain)) {
      throw new Error(`Invalid sandbox subdomain "${config.subdomain}" (letters, digits and dashes).`);
    }
    const entry: KeyEntry = {
      key: config.key,
      keyId: keyIdOf(config.key),
      subdomain,
      name: config.name ?? subdomain,
      rateLimitPerMinute: config.rateLimitPerMinute ?? null,
      revoked: false,
    };
    this.keys.set(entry.key, entry);
    this.ensureWorkspace(subdomain);
    this.onChange();
    return entry;
  }

  /** Finds a key by its raw value or its keyId. */
  findKey(ref: string): KeyEntry | undefined {
    const byKey = this.keys.get(ref);
    if (byKey) return byKey;
    for (const entry of this.keys.values()) if (entry.keyId === ref) return entry;
    return undefined;
  }

  ensureWorkspace(subdomain: string): Workspace {
    const normalized = normalizeSubdomain(subdomain);
    let ws = this.workspaces.get(normalized);
    if (!ws) {
      ws = new Workspace(normalized, this.now, this.onChange);
      this.workspaces.set(normalized, ws);
    }
    return ws;
  }

  workspaceOf(entry: KeyEntry): Workspace {
    return this.ensureWorkspace(entry.subdomain);
  }

  hasSubdomain(subdomain: string): boolean {
    return this.workspaces.has(normalizeSubdomain(subdomain));
  }

  resetAll(): void {
    for (const ws of this.workspaces.values()) ws.reset();
  }

  snapshot(): StoreSnapshot {
    const workspaces: Record<string, CollectionsJson> = {};
    for (const [subdomain, ws] of this.workspaces) workspaces[subdomain] = ws.toJSON();
    return { version: 1, keys: [...this.keys.values()].map((k) => ({ ...k })), workspaces };
  }

  /** Replaces data and adds keys from a snapshot; keys configured at start stay. */
  restore(snapshot: StoreSnapshot): void {
    for (const entry of snapshot.keys) this.keys.set(entry.key, { ...entry });
    for (const [subdomain, json] of Object.entries(snapshot.workspaces)) {
      this.ensureWorkspace(subdomain).load(json);
    }
  }
}
