import { GraphQLError } from 'graphql';

export type TokenKind = 'name' | 'op' | 'string' | 'number' | 'punct' | 'end';

export interface Token {
  kind: TokenKind;
  text: string;
  /** The decoded value of a string or number literal. */
  value?: string | number;
  pos: number;
}

/** A parse error that names the 0-based character position in the client's string. */
export function syntaxError(what: 'filter' | 'order', message: string, pos: number): GraphQLError {
  const label = what === 'filter' ? 'Query filter parsing error' : 'Query order parsing error';
  return new GraphQLError(`${label}: ${message} at position ${pos}`, {
    extensions: { code: 'BAD_USER_INPUT', position: pos },
  });
}

const SYMBOL_OPS = ['==', '!=', '>=', '<=', '>', '<'];
const PUNCT = new Set(['&', '|', '!', '(', ')', '[', ']', ',', '+', '-']);
const NAME_RE = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER_RE = /[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;

/** Splits a filter or order string into tokens; only double-quoted strings exist. */
export function tokenize(src: string, what: 'filter' | 'order'): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const op = SYMBOL_OPS.find((o) => src.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', text: op, pos: i });
      i += op.length;
    } else if (ch === '"') {
      const { value, end } = readString(src, i, what);
      tokens.push({ kind: 'string', text: src.slice(i, end), value, pos: i });
      i = end;
    } else if (
      /[0-9.]/.test(ch) ||
      (/[+-]/.test(ch) && what === 'filter' && /[0-9.]/.test(src[i + 1] ?? ''))
    ) {
      i = pushMatch(NUMBER_RE, src, i, 'number', tokens, what);
    } else if (/[A-Za-z_]/.test(ch)) {
      i = pushMatch(NAME_RE, src, i, 'name', tokens, what);
    } else if (PUNCT.has(ch)) {
      tokens.push({ kind: 'punct', text: ch, pos: i });
      i++;
    } else {
      throw syntaxError(
        what,
        `unexpected character ${JSON.stringify(ch)}${ch === "'" ? ' (strings use double quotes)' : ''}`,
        i,
      );
    }
  }
  tokens.push({ kind: 'end', text: '', pos: src.length });
  return tokens;
}

function pushMatch(
  re: RegExp,
  src: string,
  i: number,
  kind: TokenKind,
  tokens: Token[],
  what: 'filter' | 'order',
): number {
  re.lastIndex = i;
  const m = re.exec(src);
  if (!m) throw syntaxError(what, 'malformed token', i);
  const text = m[0];
  tokens.push({ kind, text, pos: i, ...(kind === 'number' ? { value: Number(text) } : {}) });
  return i + text.length;
}

function readString(
  src: string,
  start: number,
  what: 'filter' | 'order',
): { value: string; end: number } {
  let out = '';
  let i = start + 1;
  while (i < src.length) {
    const ch = src[i] as string;
    if (ch === '"') return { value: out, end: i + 1 };
    if (ch === '\\') {
      const next = src[i + 1];
      if (next === undefined) break;
      out += next === 'n' ? '\n' : next === 't' ? '\t' : next;
      i += 2;
      continue;
    }
    out += ch;
    i++;
  }
  throw syntaxError(what, 'unterminated string', start);
}
