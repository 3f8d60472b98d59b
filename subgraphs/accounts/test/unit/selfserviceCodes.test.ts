import {
  base32,
  numericCode,
  recoveryCode,
  sameHash,
  seal,
  secretHash,
  unseal,
} from '../../src/selfservice/codes';

describe('selfservice/codes', () => {
  it('encodes base32 as RFC 4648 test vectors, without padding', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['f', 'MY'],
      ['fo', 'MZXQ'],
      ['foo', 'MZXW6'],
      ['foob', 'MZXW6YQ'],
      ['fooba', 'MZXW6YTB'],
      ['foobar', 'MZXW6YTBOI'],
    ];
    expect(vectors.map(([plain]) => base32(Buffer.from(plain)))).toEqual(
      vectors.map(([, encoded]) => encoded),
    );
  });

  it('generates numeric codes of the configured length and well-formed recovery codes', () => {
    const codes = Array.from({ length: 200 }, () => numericCode(8));
    expect(codes.every((c) => /^\d{8}$/.test(c))).toBe(true);
    expect(new Set(codes).size).toBeGreaterThan(190);
    expect(recoveryCode()).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
  });

  it('binds a code hash to its key, purpose and parts', () => {
    const h = secretHash('k'.repeat(32), 'verify-email', 'acct', 'state', '123456');
    expect(sameHash(h, secretHash('k'.repeat(32), 'verify-email', 'acct', 'state', '123456'))).toBe(
      true,
    );
    expect(sameHash(h, secretHash('k'.repeat(32), 'verify-phone', 'acct', 'state', '123456'))).toBe(
      false,
    );
    expect(
      sameHash(h, secretHash('k'.repeat(32), 'verify-email', 'other', 'state', '123456')),
    ).toBe(false);
    expect(sameHash(h, secretHash('x'.repeat(32), 'verify-email', 'acct', 'state', '123456'))).toBe(
      false,
    );
    expect(sameHash(h, h.slice(1))).toBe(false);
  });

  it('seals with AES-256-GCM: round trip, and refusal of a tampered value or another key', () => {
    const plain = Buffer.from('twenty-byte-secret!!');
    const sealed = seal('s'.repeat(32), plain);
    expect(unseal('s'.repeat(32), sealed)).toEqual(plain);
    expect(sealed).not.toContain(plain.toString('base64url'));
    const [iv, tag, body] = sealed.split('.') as [string, string, string];
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(() =>
      unseal('s'.repeat(32), [iv, tag, flipped.toString('base64url')].join('.')),
    ).toThrow();
    expect(() => unseal('t'.repeat(32), sealed)).toThrow();
  });
});
