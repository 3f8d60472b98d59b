import type { FlowContext } from './access';
import { settings } from './access';
import { invalidState, tooManyAttempts, wrongCode } from './errors';

/**
 * Reserves one attempt on the state and runs `check` on its data. A wrong answer costs the
 * attempt; the last wrong answer destroys the state (too-many-attempts-error).
 */
export async function consumeAttempt<T>(
  ctx: FlowContext,
  flow: string,
  accountId: string,
  state: string,
  check: (data: T) => boolean | Promise<boolean>,
): Promise<T> {
  const states = ctx.repos.selfService.states;
  const outcome = await states.attempt<T>(state, flow, accountId, settings(ctx).maxAttempts);
  if (outcome.kind === 'locked') throw tooManyAttempts();
  if (outcome.kind !== 'ok') throw invalidState();
  if (await check(outcome.data)) return outcome.data;
  if (outcome.remaining > 0) throw wrongCode(outcome.remaining);
  await states.take(state, flow, accountId);
  throw tooManyAttempts();
}

/** Consumes the state; a second use, another account's or another flow's state is refused. */
export async function takeState<T>(
  ctx: FlowContext,
  flow: string,
  accountId: string,
  state: string,
): Promise<T> {
  const outcome = await ctx.repos.selfService.states.take<T>(state, flow, accountId);
  if (outcome.kind !== 'ok') throw invalidState();
  return outcome.data;
}
