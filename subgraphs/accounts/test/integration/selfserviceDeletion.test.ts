import { doc, JOHN_ID } from './seed';
import { useSeededStack } from './selfserviceHelpers';

describe('Mutation.deleteAccountById', () => {
  const ctx = useSeededStack();

  it('removes the self-service data kept for the account when the account is deleted', async () => {
    const store = ctx.store.repos.selfService.store;
    await store.setCredentialRulesState(JOHN_ID, {
      resetRequired: true,
      historyLength: 3,
      lastSetAt: undefined,
      lockedAt: undefined,
    });
    expect(await store.credentialRulesState(JOHN_ID)).toEqual({
      resetRequired: true,
      historyLength: 3,
    });
    const res = await ctx.stack.request(doc('09-deleteAccountById'));
    expect(res.body).toEqual({ data: { deleteAccountById: { deleted: true } } });
    expect(await store.credentialRulesState(JOHN_ID)).toEqual({});
  });
});
