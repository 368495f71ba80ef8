/**
 * The externalIds Ferry gives what it records in a Vitally conversation. They are derived from
 * Ferry's own ids, so they are known before the first call: a retry looks for them instead of
 * creating a second copy, and an edit finds its message again (PUT /conversations/:id upserts
 * messages by externalId, reference §8.5).
 */

/** The conversation of one request. */
export const conversationExternalId = (requestId: string) => `ferry-request-${requestId}`;

/** The message that started the request (Request.messageText): the conversation's first message. */
export const openingMessageExternalId = (requestId: string) => `ferry-request-${requestId}-opening`;

/** A message of the request's customer thread. */
export const messageExternalId = (messageId: string) => `ferry-message-${messageId}`;
