import type { AccountRecord } from '../../src/data/accountModel';
import { applyPatch, accountFromCreate, CredentialPolicy } from '../../src/rules';
import { validateClientMetadata } from '../../src/rules/clientMetadata';

const policy = new CredentialPolicy({
  minLength: 8,
  minLowerCase: 1,
  minUpperCase: 1,
  minDigits: 1,
  minSpecial: 1,
  minUnique: 4,
  maxSequence: 3,
});

describe('CredentialPolicy.check', () => {
  it('accepts a password meeting every rule', () => {
    expect(() => policy.check('Password1!')).not.toThrow();
  });

  it('lists every broken rule in the message and in details', () => {
    let err: { message: string; extensions: Record<string, unknown> } | undefined;
    try {
      policy.check('aaaaaaaa');
    } catch (e) {
      err = e as typeof err;
    }
    expect(err?.message).toBe(
      'The password does not meet the credential policy: at least 1 upper-case letter; at least 1 digit; at least 1 special character; at least 4 distinct characters; at most 3 identical characters in a row',
    );
    expect(err?.extensions).toEqual({
      classification: 'credential-update-rejected',
      code: 'BAD_USER_INPUT',
      details: [
        { message: 'The password must contain at least 1 upper-case letter.' },
        { message: 'The password must contain at least 1 digit.' },
        { message: 'The password must contain at least 1 special character.' },
        { message: 'The password must contain at least 4 distinct characters.' },
        { message: 'The password must not repeat one character more than 3 times in a row.' },
      ],
    });
  });
});

describe('applyPatch', () => {
  const base: AccountRecord = {
    id: 'a',
    userName: 'u',
    active: true,
    createdMs: 1,
    lastModifiedMs: 1,
    title: 'Dr',
    nickName: 'n',
    name: { givenName: 'G', familyName: 'F' },
    emails: [{ value: 'a@x' }],
  };

  it('sets values, removes explicit nulls, leaves absent fields and merges name subfields', () => {
    expect(
      applyPatch(base, {
        title: null,
        displayName: 'D',
        name: { familyName: null, middleName: 'M' },
        emails: [{ value: 'b@x', primary: true, type: null }],
      }),
    ).toEqual({
      id: 'a',
      userName: 'u',
      active: true,
      createdMs: 1,
      lastModifiedMs: 1,
      nickName: 'n',
      displayName: 'D',
      name: { givenName: 'G', middleName: 'M' },
      emails: [{ value: 'b@x', primary: true }],
    });
  });

  it('rejects removing userName, control characters and oversized lists', () => {
    expect(() => applyPatch(base, { userName: null })).toThrow('userName cannot be removed');
    expect(() => applyPatch(base, { nickName: 'a\u0000b' })).toThrow(
      'fields.nickName contains invalid characters',
    );
    expect(() => applyPatch(base, { emails: [{ value: ' ' }] })).toThrow(
      'fields.emails[0].value must not be empty',
    );
    expect(() =>
      applyPatch(base, { emails: Array.from({ length: 33 }, (_, i) => ({ value: `${i}@x` })) }),
    ).toThrow('fields.emails may hold at most 32 values');
  });

  it('never lets input overwrite server-owned fields', () => {
    expect(
      accountFromCreate({
        userName: 'x',
        id: 'forged',
        createdMs: 5,
        devices: [{}],
        password: 'p',
      }),
    ).toEqual({ userName: 'x', active: true });
  });
});

describe('validateClientMetadata', () => {
  it('accepts https and loopback http redirect URIs with defaults for the rest', () => {
    expect(
      validateClientMetadata({
        redirect_uris: [
          'https://a.example/cb',
          'http://127.0.0.1:9/cb',
          'http://[::1]/cb',
          'http://localhost/cb',
        ],
      }),
    ).toEqual({
      redirect_uris: [
        'https://a.example/cb',
        'http://127.0.0.1:9/cb',
        'http://[::1]/cb',
        'http://localhost/cb',
      ],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      scope: '',
    });
  });

  it('allows client_credentials without redirect URIs and rejects bad scopes', () => {
    expect(validateClientMetadata({ grant_types: ['client_credentials'] }).redirect_uris).toEqual(
      [],
    );
    expect(() =>
      validateClientMetadata({ grant_types: ['client_credentials'], scope: 'a "b"' }),
    ).toThrow('scope must be space-separated scope tokens');
  });
});
