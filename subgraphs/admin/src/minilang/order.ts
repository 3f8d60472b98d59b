import { syntaxError, tokenize } from './lexer';

export interface OrderTerm {
  field: string;
  ascending: boolean;
  pos: number;
}

/** `[+|-]field (, [+|-]field)*`; no prefix means ascending. An empty string means no ordering. */
export function parseOrder(src: string): OrderTerm[] {
  const tokens = tokenize(src, 'order');
  const terms: OrderTerm[] = [];
  let i = 0;
  if (tokens[0]?.kind === 'end') return terms;
  for (;;) {
    let t = tokens[i++];
    let ascending = true;
    const start = t?.pos ?? 0;
    if (t?.kind === 'punct' && (t.text === '+' || t.text === '-')) {
      ascending = t.text === '+';
      t = tokens[i++];
    }
    if (!t || t.kind !== 'name')
      throw syntaxError(
        'order',
        `expected a field name but found ${t?.kind === 'end' ? 'end of input' : JSON.stringify(t?.text)}`,
        t?.pos ?? start,
      );
    terms.push({ field: t.text, ascending, pos: t.pos });
    const sep = tokens[i++];
    if (!sep || sep.kind === 'end') return terms;
    if (!(sep.kind === 'punct' && sep.text === ','))
      throw syntaxError('order', `expected "," but found ${JSON.stringify(sep.text)}`, sep.pos);
  }
}
