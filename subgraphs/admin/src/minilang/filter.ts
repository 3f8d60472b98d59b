import { syntaxError, type Token, tokenize } from './lexer';

export type Literal = string | number | boolean | null | Literal[];
export const BINOPS = [
  '==',
  '!=',
  '>',
  '>=',
  '<',
  '<=',
  'contains',
  'in',
  'is',
  'isnot',
  'like',
  'ilike',
] as const;
export type BinOp = (typeof BINOPS)[number];

export type FilterNode =
  | { kind: 'cmp'; field: string; op: BinOp; value: Literal; pos: number }
  | { kind: 'not'; expr: FilterNode }
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode };

/**
 * Recursive descent over Backend.AI's filter grammar:
 *   expr := unary (("&" | "|") expr)?        equal precedence, grouping to the right
 *   unary := "!" expr | "(" expr ")" | NAME BINOP value
 * so `a & b | c` is `a & (b | c)` and `!a & b` is `!(a & b)`, as upstream.
 */
export function parseFilter(src: string): FilterNode {
  const p = new Parser(tokenize(src, 'filter'));
  const node = p.expr();
  p.expectEnd();
  return node;
}

class Parser {
  private i = 0;

  constructor(private readonly tokens: Token[]) {}

  private get tok(): Token {
    return this.tokens[this.i] as Token;
  }

  private fail(message: string, tok: Token = this.tok): never {
    throw syntaxError('filter', message, tok.pos);
  }

  private describe(tok: Token): string {
    return tok.kind === 'end' ? 'end of input' : JSON.stringify(tok.text);
  }

  expectEnd(): void {
    if (this.tok.kind !== 'end') this.fail(`unexpected ${this.describe(this.tok)}`);
  }

  expr(): FilterNode {
    const left = this.unary();
    const t = this.tok;
    if (t.kind === 'punct' && (t.text === '&' || t.text === '|')) {
      this.i++;
      return { kind: t.text === '&' ? 'and' : 'or', left, right: this.expr() };
    }
    return left;
  }

  private unary(): FilterNode {
    const t = this.tok;
    if (t.kind === 'punct' && t.text === '!') {
      this.i++;
      return { kind: 'not', expr: this.expr() };
    }
    if (t.kind === 'punct' && t.text === '(') {
      this.i++;
      const inner = this.expr();
      if (this.tok.kind !== 'punct' || this.tok.text !== ')')
        this.fail(`expected ")" but found ${this.describe(this.tok)}`);
      this.i++;
      return inner;
    }
    if (t.kind !== 'name') this.fail(`expected a field name but found ${this.describe(t)}`);
    this.i++;
    const opTok = this.tok;
    const op = opTok.text as BinOp;
    if (!(opTok.kind === 'op' || opTok.kind === 'name') || !BINOPS.includes(op)) {
      this.fail(`expected an operator (${BINOPS.join(' ')}) but found ${this.describe(opTok)}`);
    }
    this.i++;
    return { kind: 'cmp', field: t.text, op, value: this.value(), pos: t.pos };
  }

  private value(): Literal {
    const t = this.tok;
    this.i++;
    if (t.kind === 'string' || t.kind === 'number') return t.value as string | number;
    if (t.kind === 'name' && (t.text === 'null' || t.text === 'true' || t.text === 'false')) {
      return t.text === 'null' ? null : t.text === 'true';
    }
    if (t.kind === 'punct' && t.text === '[') return this.array();
    this.i--;
    return this.fail(
      `expected a value (a "double-quoted" string, number, array, null, true or false) but found ${this.describe(t)}`,
    );
  }

  private array(): Literal[] {
    const items: Literal[] = [];
    if (this.tok.kind === 'punct' && this.tok.text === ']') {
      this.i++;
      return items;
    }
    for (;;) {
      items.push(this.value());
      const t = this.tok;
      this.i++;
      if (t.kind === 'punct' && t.text === ']') return items;
      if (!(t.kind === 'punct' && t.text === ','))
        this.fail(`expected "," or "]" but found ${this.describe(t)}`, t);
    }
  }
}
