// Evaluates Asterisk `$[...]` expressions (after variable substitution): quoted strings, numbers,
// `| & = == != < > <= >= =~ + - * / %`, unary `! -`, parentheses. Comparisons give "1"/"0".

type Token = { kind: 'op'; op: string } | { kind: 'val'; value: string };

const OPERATORS = [
  '==',
  '!=',
  '<=',
  '>=',
  '=~',
  '|',
  '&',
  '=',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '!',
  '(',
  ')',
];

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"') {
      const end = text.indexOf('"', i + 1);
      const stop = end < 0 ? text.length : end;
      tokens.push({ kind: 'val', value: text.slice(i + 1, stop) });
      i = stop + 1;
    } else {
      const op = OPERATORS.find((o) => text.startsWith(o, i));
      if (op !== undefined) {
        tokens.push({ kind: 'op', op });
        i += op.length;
      } else {
        let j = i;
        while (
          j < text.length &&
          !/\s|"/.test(text.charAt(j)) &&
          !OPERATORS.some((o) => text.startsWith(o, j))
        )
          j++;
        tokens.push({ kind: 'val', value: text.slice(i, j) });
        i = j;
      }
    }
  }
  return tokens;
}

const isNumber = (s: string): boolean => /^-?\d+(\.\d+)?$/.test(s);
const truthy = (s: string): boolean => s !== '' && !(isNumber(s) && Number(s) === 0);
const bool = (b: boolean): string => (b ? '1' : '0');

function compare(op: string, a: string, b: string): string {
  const numeric = isNumber(a) && isNumber(b);
  const cmp = numeric ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0;
  switch (op) {
    case '=':
    case '==':
      return bool(cmp === 0);
    case '!=':
      return bool(cmp !== 0);
    case '<':
      return bool(cmp < 0);
    case '>':
      return bool(cmp > 0);
    case '<=':
      return bool(cmp <= 0);
    default:
      return bool(cmp >= 0);
  }
}

function arithmetic(op: string, a: string, b: string): string {
  const x = Number(a);
  const y = Number(b);
  if (op === '+') return String(x + y);
  if (op === '-') return String(x - y);
  if (op === '*') return String(x * y);
  if (op === '/') return String(Math.trunc(x / y));
  return String(x % y);
}

const LEVELS: string[][] = [
  ['|'],
  ['&'],
  ['=', '==', '!=', '<', '>', '<=', '>=', '=~'],
  ['+', '-'],
  ['*', '/', '%'],
];

export function evaluateExpression(text: string): string {
  const tokens = tokenize(text);
  let pos = 0;
  const peekOp = (): string | null => {
    const t = tokens[pos];
    return t?.kind === 'op' ? t.op : null;
  };
  const parseUnary = (): string => {
    const t = tokens[pos++];
    if (t === undefined) return '';
    if (t.kind === 'val') return t.value;
    if (t.op === '(') {
      const v = parseLevel(0);
      if (peekOp() === ')') pos++;
      return v;
    }
    if (t.op === '!') return bool(!truthy(parseUnary()));
    if (t.op === '-') return String(-Number(parseUnary()));
    return '';
  };
  const parseLevel = (level: number): string => {
    if (level >= LEVELS.length) return parseUnary();
    let left = parseLevel(level + 1);
    for (let op = peekOp(); op !== null && LEVELS[level]?.includes(op); op = peekOp()) {
      pos++;
      const right = parseLevel(level + 1);
      if (op === '|') left = truthy(left) ? left : right;
      else if (op === '&') left = truthy(left) && truthy(right) ? left : '0';
      else if (op === '=~') left = bool(new RegExp(right).test(left));
      else if (level === 2) left = compare(op, left, right);
      else left = arithmetic(op, left, right);
    }
    return left;
  };
  return parseLevel(0);
}

/** pbx_checkcondition: empty or numeric zero is false. */
export function isTrueCondition(value: string): boolean {
  return truthy(value.trim());
}
