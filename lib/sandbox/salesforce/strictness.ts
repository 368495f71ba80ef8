import type { StrictnessChoice } from "../vitally/strictness";

/**
 * The ONE switch for Salesforce behaviour the reference marks GUESS/OBS, like the Vitally
 * sandbox's. `strict: true` (default) takes the reading that makes a client robust.
 */
export const STRICTNESS_CHOICES: readonly StrictnessChoice[] = [
  {
    topic: "refresh_token grant carrying a code_verifier (jsforce useVerifier instances send one)",
    strict: "400 invalid_request \"unexpected code verifier\"",
    lenient: "ignored",
    reference: "§2.8 (OBS FRIGG), §6 #2",
  },
];
