import { CredentialPolicy } from '../../src/rules';
import { counted } from '../../src/rules/credentialPolicy';

const policyOf = (n: number) =>
  new CredentialPolicy({
    minLength: n,
    minLowerCase: n,
    minUpperCase: n,
    minDigits: n,
    minSpecial: n,
    minUnique: n,
    maxSequence: n,
  });

describe('credential policy messages agree in number with their count', () => {
  it('counted() picks the singular for exactly one', () => {
    expect([0, 1, 2, 10].map((n) => counted(n, ['digit', 'digits']))).toEqual([
      '0 digits',
      '1 digit',
      '2 digits',
      '10 digits',
    ]);
  });

  it('says "1 digit", not "1 digits", in every rule described with a count of one', () => {
    expect(
      policyOf(1)
        .describe()
        .map((r) => [r.message, r.detailedMessage]),
    ).toEqual([
      ['at least 1 character', 'The password must contain at least 1 character.'],
      ['at least 1 lower-case letter', 'The password must contain at least 1 lower-case letter.'],
      ['at least 1 upper-case letter', 'The password must contain at least 1 upper-case letter.'],
      ['at least 1 digit', 'The password must contain at least 1 digit.'],
      ['at least 1 special character', 'The password must contain at least 1 special character.'],
      ['at least 1 distinct character', 'The password must contain at least 1 distinct character.'],
      [
        'at most 1 identical character in a row',
        'The password must not repeat one character more than once in a row.',
      ],
    ]);
  });

  it('keeps the plural for counts above one', () => {
    expect(
      policyOf(2)
        .describe()
        .map((r) => r.message),
    ).toEqual([
      'at least 2 characters',
      'at least 2 lower-case letters',
      'at least 2 upper-case letters',
      'at least 2 digits',
      'at least 2 special characters',
      'at least 2 distinct characters',
      'at most 2 identical characters in a row',
    ]);
    expect(policyOf(2).describe().at(-1)?.detailedMessage).toBe(
      'The password must not repeat one character more than 2 times in a row.',
    );
  });

  it('uses the same wording when it rejects a password', () => {
    let message: string | undefined;
    try {
      policyOf(1).check('aa');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe(
      'The password does not meet the credential policy: at least 1 upper-case letter; at least 1 digit; at least 1 special character; at most 1 identical character in a row',
    );
  });
});
