export declare const DEFAULT_DATABASE_URL: string;
export declare const MIGRATE_ADVISORY_LOCK_ID: 72707369;
export declare const MIGRATIONS_TABLE_DDL: string;

export interface MigrateOptions {
  /** Default: process.env.DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/ferry. `?schema=` is honoured. */
  databaseUrl?: string;
  /** Default: <cwd>/prisma/migrations. */
  migrationsDir?: string;
  /** One call per output line. Default: console.log. */
  log?: (line: string) => void;
}

export interface MigrateResult {
  database: string;
  /** The database did not exist and was created. */
  createdDatabase: boolean;
  /** Folder names applied by this run, in order. */
  applied: string[];
  /** Local migrations that were already applied. */
  alreadyApplied: number;
  /** Edited-after-apply and missing-locally warnings (also logged). */
  warnings: string[];
  durationMs: number;
}

export interface LocalMigration {
  name: string;
  file: string;
  bytes: Buffer;
  checksum: string;
}

export declare class MigrationError extends Error {
  constructor(message: string, opts?: { code?: string; migrationName?: string; cause?: unknown });
  /** Prisma's error code: P3005 (non-empty schema, no history), P3009 (failed migration blocks), P3018 (migration failed), P3019 (provider). */
  code?: string;
  migrationName?: string;
}

/** Applies pending migrations; throws MigrationError (or a pg error) on failure. */
export declare function migrate(options?: MigrateOptions): Promise<MigrateResult>;
/** Lowercase hex sha256. */
export declare function checksum(bytes: Buffer | string): string;
/** Exact checksum match, or a match after converting CRLF↔LF. */
export declare function checksumMatches(recorded: string, content: Buffer): boolean;
export declare function listMigrations(migrationsDir: string): LocalMigration[];
