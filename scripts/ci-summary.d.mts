export type Counts = { passed: number; failed: number };
export declare function countVitest(report: unknown): Counts;
export declare function countPlaywright(report: unknown): Counts;
export declare function summarize(files?: { vitestFile?: string; e2eFile?: string }): Counts & { notes: string[] };
