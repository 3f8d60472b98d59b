import { StaleWrite } from './data/accountsRepository';
import { ConstraintViolation, conflictRetry, constraintViolation } from './errors';

/** Maps repository errors to the Curity error shapes (shared by resolvers/ and selfservice/). */
export async function storeCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ConstraintViolation) throw constraintViolation(err.field);
    if (err instanceof StaleWrite) throw conflictRetry();
    throw err;
  }
}
