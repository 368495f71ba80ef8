/**
 * Options of every write transaction of the API's use cases. Under a burst (hundreds of concurrent
 * ingests sharing a pool of ~20 connections) Prisma's default 2 s wait for a connection turns a
 * queue into 500s; waiting longer answers late instead of failing. The timeout bounds a stuck
 * transaction that holds the workspace's number counter.
 */
export const WRITE_TX = { maxWait: 15_000, timeout: 20_000 } as const;
