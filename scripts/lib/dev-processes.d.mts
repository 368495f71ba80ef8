import type { ChildProcess, SpawnOptions } from "node:child_process";

export interface Supervised {
  name: string;
  child: ChildProcess;
  /** Resolves with the exit code (128 for a signal) once the child has exited. */
  exited: Promise<number | null>;
}

export declare function createSupervisor(options?: { log?: (line: string) => void }): {
  start(name: string, command: string, args: string[], options?: SpawnOptions): Supervised;
  stopAll(options?: { graceMs?: number }): Promise<void>;
  isStopping(): boolean;
};
