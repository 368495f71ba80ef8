/**
 * Salesforce's error shapes (reference §3.7, §2.4). REST: HTTP 4xx + a JSON array of
 * `{message, errorCode, fields?}`. OAuth endpoints: `{error, error_description}`. Per-record
 * errors inside sObject Collections use `statusCode` instead of `errorCode` (§3.5), see
 * `collectionError`.
 */

export interface RestErrorItem {
  message: string;
  errorCode: string;
  fields?: string[];
}

export class SalesforceError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly fields?: string[],
  ) {
    super(message);
    this.name = "SalesforceError";
  }

  get body(): RestErrorItem[] {
    const item: RestErrorItem = { message: this.message, errorCode: this.errorCode };
    if (this.fields) item.fields = this.fields;
    return [item];
  }
}

export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
    this.name = "OAuthError";
  }

  get body() {
    return { error: this.error, error_description: this.description };
  }
}

export const SESSION_EXPIRED_MESSAGE = "Session expired or invalid";

export function invalidSession(): SalesforceError {
  return new SalesforceError(401, "INVALID_SESSION_ID", SESSION_EXPIRED_MESSAGE);
}

export function notFoundResource(): SalesforceError {
  return new SalesforceError(404, "NOT_FOUND", "The requested resource does not exist");
}

export function invalidField(message: string, fields: string[] = []): SalesforceError {
  return new SalesforceError(400, "INVALID_FIELD", message, fields);
}

/** SOQL's "No such column" text (reference §3.2, ISSUE forcedotcom/cli#1876). */
export function noSuchColumn(field: string, entity: string): SalesforceError {
  return new SalesforceError(
    400,
    "INVALID_FIELD",
    `No such column '${field}' on entity '${entity}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
  );
}

export function invalidType(entity: string): SalesforceError {
  return new SalesforceError(
    400,
    "INVALID_TYPE",
    `sObject type '${entity}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
  );
}

export function malformedQuery(message: string): SalesforceError {
  return new SalesforceError(400, "MALFORMED_QUERY", message);
}

/** A per-record error inside a collection result (`statusCode`, reference §3.5). */
export function collectionError(error: SalesforceError) {
  return { statusCode: error.errorCode, message: error.message, fields: error.fields ?? [] };
}
