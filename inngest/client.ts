import { Inngest } from "inngest";

/** Ferry's Inngest app. The id is the app's identity in Inngest: never change it. */
export const inngest = new Inngest({ id: "ferry" });
