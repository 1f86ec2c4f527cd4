import { splitAttributePath } from './attribute-path';
import { err, ok, type Result } from '../shared/result';
import { invalidFilter, type ScimError } from './scim-error';

export type CompareOperator = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';
/** RFC 7644 §3.4.2.2: compValue = false / null / true / number / string (JSON literals, RFC 7159). */
export type CompValue = string | number | boolean | null;

/** The syntax tree of a SCIM filter. `and`/`or` are n-ary, so long chains add no depth. */
export type FilterNode =
  | { readonly kind: 'and' | 'or'; readonly filters: readonly FilterNode[] }
  | { readonly kind: 'not'; readonly filter: FilterNode }
  | { readonly kind: 'compare'; readonly path: string; readonly op: CompareOperator; readonly value: CompValue }
  | { readonly kind: 'present'; readonly path: string }
  | { readonly kind: 'valuePath'; readonly path: string; readonly filter: FilterNode };

/** Bounds that keep a hostile filter from costing the server more than a normal one. */
export const FILTER_LIMITS = { maxLength: 2000, maxDepth: 10, maxComparisons: 50 } as const;

const COMPARE_OPERATORS: ReadonlySet<string> = new Set(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']);

type Token =
  | { readonly kind: 'word'; readonly text: string; readonly at: number }
  | { readonly kind: 'string'; readonly value: string; readonly at: number }
  | { readonly kind: 'number'; readonly value: number; readonly at: number }
  | { readonly kind: '(' | ')' | '[' | ']' | 'end'; readonly at: number };

/** Thrown inside the parser only, and turned into an `invalidFilter` Result at its boundary. */
class FilterSyntaxError extends Error {}

const fail = (message: string): never => {
  throw new FilterSyntaxError(message);
};

// Attribute paths may carry a schema URN ("urn:...:2.0:User:department"), so words take ":" and ".".
const WORD = /[A-Za-z$][\w$:.\-/]*/y;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

const matchAt = (sticky: RegExp, text: string, at: number): string | undefined => {
  sticky.lastIndex = at;
  return sticky.exec(text)?.[0];
};

const tokenize = (text: string): Token[] => {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '(' || c === ')' || c === '[' || c === ']') {
      tokens.push({ kind: c, at: i });
      i += 1;
    } else if (c === '"') {
      // RFC 7644 §3.4.2.2: a string compValue is a JSON string, escapes and all.
      let j = i + 1;
      while (j < text.length && text.charAt(j) !== '"') j += text.charAt(j) === '\\' ? 2 : 1;
      if (j >= text.length) fail(`unterminated string starting at position ${i + 1}`);
      let value: unknown;
      try {
        value = JSON.parse(text.slice(i, j + 1));
      } catch {
        fail(`invalid string at position ${i + 1}`);
      }
      tokens.push({ kind: 'string', value: value as string, at: i });
      i = j + 1;
    } else {
      const number = matchAt(NUMBER, text, i);
      const word = number === undefined ? matchAt(WORD, text, i) : undefined;
      if (number !== undefined) tokens.push({ kind: 'number', value: Number(number), at: i });
      else if (word !== undefined) tokens.push({ kind: 'word', text: word, at: i });
      else fail(`unexpected character '${c}' at position ${i + 1}`);
      i += (number ?? word ?? '').length;
    }
  }
  tokens.push({ kind: 'end', at: text.length });
  return tokens;
};

const describe = (t: Token): string => {
  switch (t.kind) {
    case 'word':
      return `'${t.text}' at position ${t.at + 1}`;
    case 'string':
      return `string ${JSON.stringify(t.value)} at position ${t.at + 1}`;
    case 'number':
      return `number ${t.value} at position ${t.at + 1}`;
    case 'end':
      return 'the end of the filter';
    default:
      return `'${t.kind}' at position ${t.at + 1}`;
  }
};

/**
 * A recursive-descent parser for RFC 7644 §3.4.2.2 (Figure 1). Precedence: grouping, then `not` over
 * `and` over `or`. Operators, `and`/`or`/`not` and the literals true/false/null are case-insensitive.
 */
class Parser {
  private i = 0;
  private comparisons = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parse(): FilterNode {
    const node = this.or(0, false);
    const t = this.peek();
    if (t.kind !== 'end') fail(`unexpected ${describe(t)}`);
    return node;
  }

  private peek(): Token {
    return this.tokens[this.i] ?? { kind: 'end', at: 0 };
  }

  private next(): Token {
    const t = this.peek();
    this.i += 1;
    return t;
  }

  private isWord(t: Token, word: string): boolean {
    return t.kind === 'word' && t.text.toLowerCase() === word;
  }

  private expect(kind: ')' | ']'): void {
    const t = this.next();
    if (t.kind !== kind) fail(`expected '${kind}' but found ${describe(t)}`);
  }

  private or(depth: number, inValuePath: boolean): FilterNode {
    const filters = [this.and(depth, inValuePath)];
    while (this.isWord(this.peek(), 'or')) {
      this.next();
      filters.push(this.and(depth, inValuePath));
    }
    return filters.length === 1 && filters[0] ? filters[0] : { kind: 'or', filters };
  }

  private and(depth: number, inValuePath: boolean): FilterNode {
    const filters = [this.unary(depth, inValuePath)];
    while (this.isWord(this.peek(), 'and')) {
      this.next();
      filters.push(this.unary(depth, inValuePath));
    }
    return filters.length === 1 && filters[0] ? filters[0] : { kind: 'and', filters };
  }

  private nest(depth: number): number {
    if (depth + 1 > FILTER_LIMITS.maxDepth) {
      fail(`the filter nests deeper than ${FILTER_LIMITS.maxDepth} levels of parentheses and brackets`);
    }
    return depth + 1;
  }

  private unary(depth: number, inValuePath: boolean): FilterNode {
    const t = this.next();
    if (t.kind === '(') {
      const inner = this.or(this.nest(depth), inValuePath);
      this.expect(')');
      return inner;
    }
    if (t.kind !== 'word') return fail(`expected an attribute, 'not' or '(' but found ${describe(t)}`);
    // RFC 7644 §3.4.2.2 ABNF: "not" is always followed by a parenthesised filter.
    if (t.text.toLowerCase() === 'not' && this.peek().kind === '(') {
      this.next();
      const inner = this.or(this.nest(depth), inValuePath);
      this.expect(')');
      return { kind: 'not', filter: inner };
    }
    if (t.text.toLowerCase() === 'not') fail(`'not' at position ${t.at + 1} must be followed by '('`);
    const path = t.text;
    if (splitAttributePath(path) === undefined) fail(`'${path}' at position ${t.at + 1} is not an attribute path`);
    const op = this.next();
    if (op.kind === '[') {
      // RFC 7644 §3.4.2.2: valFilter holds attribute expressions, never another valuePath.
      if (inValuePath) fail(`value filters cannot nest ('${path}[' at position ${t.at + 1})`);
      const inner = this.or(this.nest(depth), true);
      this.expect(']');
      return { kind: 'valuePath', path, filter: inner };
    }
    if (op.kind !== 'word') return fail(`expected an operator after '${path}' but found ${describe(op)}`);
    const operator = op.text.toLowerCase();
    if (operator === 'pr') {
      this.count();
      return { kind: 'present', path };
    }
    if (!COMPARE_OPERATORS.has(operator)) return fail(`unknown operator '${op.text}' at position ${op.at + 1}`);
    this.count();
    return { kind: 'compare', path, op: operator as CompareOperator, value: this.compValue() };
  }

  private compValue(): CompValue {
    const t = this.next();
    if (t.kind === 'string' || t.kind === 'number') return t.value;
    if (t.kind === 'word') {
      const word = t.text.toLowerCase();
      if (word === 'true') return true;
      if (word === 'false') return false;
      if (word === 'null') return null;
    }
    return fail(`expected a value (a quoted string, number, true, false or null) but found ${describe(t)}`);
  }

  private count(): void {
    this.comparisons += 1;
    if (this.comparisons > FILTER_LIMITS.maxComparisons) {
      fail(`the filter has more than ${FILTER_LIMITS.maxComparisons} comparisons`);
    }
  }
}

/** Parses filter syntax only; attribute names are checked against a schema by `parseFilter`. */
export const parseFilterExpression = (text: string): Result<FilterNode, ScimError> => {
  if (text.length > FILTER_LIMITS.maxLength) {
    return err(invalidFilter(`the filter is longer than ${FILTER_LIMITS.maxLength} characters`));
  }
  if (text.trim() === '') return err(invalidFilter('the filter is empty'));
  try {
    return ok(new Parser(tokenize(text)).parse());
  } catch (e) {
    if (e instanceof FilterSyntaxError) return err(invalidFilter(`invalid filter: ${e.message}`));
    throw e;
  }
};
