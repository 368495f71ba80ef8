import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { SandboxStore, StoreSnapshot } from "./store";

/**
 * Optional persistence (`stateFile`): the state is loaded at start and written, debounced, after
 * changes, so restarting the dev server keeps what Ferry created. Writes go to a temporary file
 * that is renamed over the old one, so a crash never leaves half a file.
 */
export class StatePersistence {
  private timer: NodeJS.Timeout | null = null;
  private dirty = false;
  private suspended = false;

  constructor(
    private readonly file: string,
    private readonly store: SandboxStore,
    private readonly debounceMs = 200,
  ) {}

  /** Loads the file into the store; false when there is no file yet. */
  load(): boolean {
    if (!existsSync(this.file)) return false;
    const snapshot = JSON.parse(readFileSync(this.file, "utf8")) as StoreSnapshot;
    if (snapshot.version !== 1) throw new Error(`Unsupported sandbox state file version in ${this.file}`);
    this.suspended = true;
    try {
      this.store.restore(snapshot);
    } finally {
      this.suspended = false;
    }
    return true;
  }

  schedule(): void {
    if (this.suspended) return;
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, this.debounceMs);
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
    writeFileSync(tmp, JSON.stringify(this.store.snapshot()));
    renameSync(tmp, this.file);
  }
}
