import { relayOutbox } from "@/inngest/functions/relay-outbox";

/** Every Inngest function Ferry serves (the one registry). */
export const functions = [relayOutbox];
