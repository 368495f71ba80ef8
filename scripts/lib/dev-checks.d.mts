export declare function checkPostgres(databaseUrl: string): Promise<{ ok: true } | { ok: false; reason: string }>;
export declare function demoWorkspaceExists(databaseUrl: string, slug: string): Promise<boolean>;
export declare function portInUse(port: number, host?: string): Promise<boolean>;
export declare function httpAnswers(url: string, timeoutMs?: number): Promise<boolean>;
export declare function waitForHttp(
  url: string,
  options?: { timeoutMs?: number; intervalMs?: number; isAborted?: () => boolean },
): Promise<boolean>;
export declare function findExecutable(name: string, root: string): string | null;
