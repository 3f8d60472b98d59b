import type { CredentialPolicyConfig } from '../config';
import { credentialRejected } from '../errors';
import type { ResolversInterfaceTypes } from '../generated/resolvers';

/** The SDL's CredentialRuleDescriptor implementations (what __resolveType may answer). */
export type RuleTypename = ResolversInterfaceTypes<
  Record<string, unknown>
>['CredentialRuleDescriptor']['__typename'];

export interface RuleDescriptor {
  __typename: RuleTypename;
  message: string;
  detailedMessage: string;
  minimum?: number;
  maximum?: number;
}

interface Rule extends RuleDescriptor {
  passes(password: string): boolean;
}

const count = (re: RegExp) => (p: string) => (p.match(re) ?? []).length;
const lower = count(/\p{Ll}/gu);
const upper = count(/\p{Lu}/gu);
const digits = count(/\p{Nd}/gu);
const special = count(/[^\p{L}\p{Nd}]/gu);

function longestRun(p: string): number {
  let best = 0;
  let run = 0;
  let prev: string | undefined;
  for (const ch of p) {
    run = ch === prev ? run + 1 : 1;
    prev = ch;
    best = Math.max(best, run);
  }
  return best;
}

/** `1 digit`, `2 digits`: [singular, plural] picked by the count. */
export function counted(n: number, [one, many]: readonly [string, string]): string {
  return `${n} ${n === 1 ? one : many}`;
}

function min(
  type: RuleTypename,
  n: number,
  what: readonly [string, string],
  measure: (p: string) => number,
): Rule {
  return {
    __typename: type,
    minimum: n,
    message: `at least ${counted(n, what)}`,
    detailedMessage: `The password must contain at least ${counted(n, what)}.`,
    passes: (p) => measure(p) >= n,
  };
}

/** The configured password rules; `check` rejects with every broken rule listed. */
export class CredentialPolicy {
  private readonly rules: Rule[];

  constructor(c: CredentialPolicyConfig) {
    const rules: Rule[] = [
      min(
        'MinimumLengthPasswordRule',
        c.minLength,
        ['character', 'characters'],
        (p) => Array.from(p).length,
      ),
      min(
        'MinimumLowerCasePasswordRule',
        c.minLowerCase,
        ['lower-case letter', 'lower-case letters'],
        lower,
      ),
      min(
        'MinimumUpperCasePasswordRule',
        c.minUpperCase,
        ['upper-case letter', 'upper-case letters'],
        upper,
      ),
      min('MinimumDigitsPasswordRule', c.minDigits, ['digit', 'digits'], digits),
      min(
        'MinimumSpecialPasswordRule',
        c.minSpecial,
        ['special character', 'special characters'],
        special,
      ),
      min(
        'MinimumUniquePasswordRule',
        c.minUnique,
        ['distinct character', 'distinct characters'],
        (p) => new Set(Array.from(p)).size,
      ),
      {
        __typename: 'MaximumSequencePasswordRule',
        maximum: c.maxSequence,
        message: `at most ${counted(c.maxSequence, ['identical character', 'identical characters'])} in a row`,
        detailedMessage: `The password must not repeat one character more than ${c.maxSequence === 1 ? 'once' : `${c.maxSequence} times`} in a row.`,
        passes: (p: string) => longestRun(p) <= c.maxSequence,
      },
    ];
    this.rules = rules.filter((r) => r.minimum !== 0);
  }

  describe(): RuleDescriptor[] {
    return this.rules.map(({ passes: _passes, ...d }) => d);
  }

  check(password: string): void {
    if (Array.from(password).length > 512)
      throw credentialRejected('The password must be at most 512 characters');
    const broken = this.rules.filter((r) => !r.passes(password));
    if (broken.length > 0) {
      throw credentialRejected(
        `The password does not meet the credential policy: ${broken.map((r) => r.message).join('; ')}`,
        broken.map((r) => r.detailedMessage),
      );
    }
  }
}
