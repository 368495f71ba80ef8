/** Reads `<stateDir>/<name>`, creating it with a fresh random value (mode 0600) the first time. */
export declare function devSecret(stateDir: string, name: string, bytes?: number): string;
