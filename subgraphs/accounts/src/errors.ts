import { GraphQLError } from 'graphql';

export type NotSupportedCause =
  'FILTERING_ABSENT' | 'FILTERING_ENDS_WITH' | 'FILTERING_FILTER_TOO_SMALL' | 'SORTING';

const NOT_SUPPORTED_MESSAGES: Record<NotSupportedCause, string> = {
  FILTERING_ABSENT: 'At least 1 filter key must be defined',
  FILTERING_ENDS_WITH: 'Filtering operator ends_with is not supported',
  FILTERING_FILTER_TOO_SMALL:
    'The filter value does not contain enough characters to perform a starts_with search',
  SORTING: 'Sorting is not supported',
};

export type UniqueField = 'userName' | 'emails' | 'phoneNumbers';

const CONSTRAINT_MESSAGES: Record<UniqueField, string> = {
  userName: 'The username provided is already registered',
  emails: 'The email address provided is already registered',
  phoneNumbers: 'The phone number provided is already registered',
};

/*
 * Curity's shapes carry `classification`; we add `code` too, because Apollo Server would
 * otherwise label every such error INTERNAL_SERVER_ERROR.
 */

/** Thrown by repositories; mapped to the Curity error shape by `toGraphQLError`. */
export class ConstraintViolation extends Error {
  constructor(readonly field: UniqueField) {
    super(CONSTRAINT_MESSAGES[field]);
  }
}

export function constraintViolation(field: UniqueField): GraphQLError {
  return new GraphQLError(CONSTRAINT_MESSAGES[field], {
    extensions: { classification: 'constraint-violation', field, code: 'BAD_USER_INPUT' },
  });
}

export function notSupported(cause: NotSupportedCause): GraphQLError {
  return new GraphQLError(NOT_SUPPORTED_MESSAGES[cause], {
    extensions: {
      classification: 'operation-not-supported',
      'not-supported-cause': cause,
      code: 'BAD_USER_INPUT',
    },
  });
}

/** The same answer whether or not the target exists. */
export function forbidden(): GraphQLError {
  return new GraphQLError('Not authorized to perform this operation', {
    extensions: { code: 'FORBIDDEN' },
  });
}

export function badInput(message: string, field?: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'BAD_USER_INPUT', ...(field ? { field } : {}) },
  });
}

export function credentialRejected(message: string, details: string[] = []): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      classification: 'credential-update-rejected',
      ...(details.length > 0 ? { details: details.map((d) => ({ message: d })) } : {}),
      code: 'BAD_USER_INPUT',
    },
  });
}

export function notFound(what: string): GraphQLError {
  return new GraphQLError(`${what} not found`, { extensions: { code: 'NOT_FOUND' } });
}

/** Retries exhausted under write contention: the client may try again. */
export function conflictRetry(): GraphQLError {
  return new GraphQLError('The resource changed concurrently; try again', {
    extensions: { code: 'CONFLICT' },
  });
}
