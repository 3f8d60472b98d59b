import { GraphQLError } from 'graphql';

/** A message the portal may show the user as is (Curity's classification). */
export function validationError(
  message: string,
  code: string,
  extra: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, {
    extensions: { classification: 'localized-validation-error', code, ...extra },
  });
}

/** Unknown, expired, already used, or belonging to another account or flow: one answer for all. */
export function invalidState(): GraphQLError {
  return validationError(
    'The state is invalid, expired or already used; start the flow again',
    'INVALID_STATE',
  );
}

export function wrongCode(remainingAttempts: number): GraphQLError {
  return validationError('The code is not correct', 'INVALID_CODE', { remainingAttempts });
}

export function tooManyAttempts(): GraphQLError {
  return new GraphQLError('Too many incorrect attempts; start the flow again', {
    extensions: { classification: 'too-many-attempts-error', code: 'TOO_MANY_ATTEMPTS' },
  });
}

/** A device alias as the portal sends it: trimmed, 1 to 30 characters. */
export function requireAlias(alias: string): string {
  const a = alias.trim();
  if (a.length < 1 || a.length > 30)
    throw validationError('The alias must be 1 to 30 characters', 'INVALID_ALIAS');
  return a;
}
