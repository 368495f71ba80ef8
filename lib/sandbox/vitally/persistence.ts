import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { SandboxStore, StoreSnapshot } from "./store";

/**
 * Optional persistence of a sandbox (`stateFile`): the state is loaded at start and written,
 * debounced, after changes, so restarting the dev server keeps what Ferry created. Writes go to a
 * temporary file that is renamed over the old one, so a crash never leaves half a file.
 * `JsonStateFile` is the generic part (the Salesforce sandbox uses it too); `StatePersistence` is
 * the Vitally sandbox's.
 */

/** What a state file is saved from and loaded into. */
export interface PersistableState<S> {
  snapshot(): S;
  /** Replaces the state with the snapshot; with `onBadFile: "set-aside"` it must leave the state untouched when it throws. */
  restore(snapshot: S): void;
}

export type StateFileLoad =
  | { status: "missing" }
  | { status: "loaded" }
  /** The file could not be used; it was renamed to `movedTo` and the state left as it was. */
  | { status: "set-aside"; reason: string; movedTo: string };

export interface JsonStateFileOptions<S> {
  /** Turns the parsed JSON into a snapshot; throws with a readable message when it is not one. */
  parse(json: unknown): S;
  /** Debounce of writes in ms; default 200. */
  debounceMs?: number;
  /** A file that cannot be read or parsed: `throw` (default) or `set-aside` (rename it and start without it). */
  onBadFile?: "throw" | "set-aside";
}

export class JsonStateFile<S> {
  private timer: NodeJS.Timeout | null = null;
  private dirty = false;
  private suspended = false;
  private closed = false;

  constructor(
    readonly file: string,
    private readonly state: PersistableState<S>,
    private readonly options: JsonStateFileOptions<S>,
  ) {}

  load(): StateFileLoad {
    if (!existsSync(this.file)) return { status: "missing" };
    this.suspended = true;
    try {
      this.state.restore(this.options.parse(JSON.parse(readFileSync(this.file, "utf8")) as unknown));
      return { status: "loaded" };
    } catch (error) {
      if (this.options.onBadFile !== "set-aside") throw error;
      const movedTo = `${this.file}.bad-${new Date().toISOString().replace(/[:.]/g, "-")}`;
      renameSync(this.file, movedTo);
      return { status: "set-aside", reason: error instanceof Error ? error.message : String(error), movedTo };
    } finally {
      this.suspended = false;
    }
  }

  schedule(): void {
    if (this.suspended || this.closed) return;
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, this.options.debounceMs ?? 200);
    this.timer.unref();
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (!this.dirty) return;
    this.dirty = false;
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, JSON.stringify(this.state.snapshot()));
      renameSync(tmp, this.file);
    } catch (error) {
      rmSync(tmp, { force: true });
      throw error;
    }
  }

  /** Writes what is pending and stops writing (the sandbox is shutting down). */
  close(): void {
    this.flush();
    this.closed = true;
  }
}

/** The Vitally sandbox's state file (a `StoreSnapshot`, version 1). */
export class StatePersistence {
  private readonly file: JsonStateFile<StoreSnapshot>;

  constructor(file: string, store: SandboxStore, debounceMs = 200) {
    this.file = new JsonStateFile(file, store, {
      debounceMs,
      parse: (json) => {
        const snapshot = json as StoreSnapshot;
        if (snapshot.version !== 1) throw new Error(`Unsupported sandbox state file version in ${file}`);
        return snapshot;
      },
    });
  }

  /** Loads the file into the store; false when there is no file yet. */
  load(): boolean {
    return this.file.load().status === "loaded";
  }

  schedule(): void {
    this.file.schedule();
  }

  flush(): void {
    this.file.flush();
  }
}
