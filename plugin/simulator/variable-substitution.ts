// `${VAR}`, `${VAR:offset:length}`, `${FUNC(args)}` and `$[expr]` substitution, innermost first,
// as pbx_substitute_variables_helper does.

import { evaluateExpression } from './dialplan-expression.ts';

export interface SubstitutionScope {
  /** A variable's value, or undefined when unset (substitutes as empty). */
  readVariable(name: string): string | undefined;
  readFunction(name: string, args: string): string;
}

function matchingClose(text: string, start: number, open: string, close: string): number {
  let depth = 1;
  for (let j = start; j < text.length; j++) {
    const c = text.charAt(j);
    if (c === open) depth++;
    else if (c === close && --depth === 0) return j;
  }
  return -1;
}

function substring(value: string, offsetText: string | undefined, lengthText: string | undefined): string {
  if (offsetText === undefined) return value;
  const offset = Number(offsetText);
  const begin = offset < 0 ? Math.max(0, value.length + offset) : Math.min(offset, value.length);
  if (lengthText === undefined) return value.slice(begin);
  const length = Number(lengthText);
  return length < 0
    ? value.slice(begin, Math.max(begin, value.length + length))
    : value.slice(begin, begin + length);
}

function evaluateReference(inner: string, scope: SubstitutionScope): string {
  const fn = /^([A-Za-z0-9_]+)\((.*)\)(?::(-?\d+)(?::(-?\d+))?)?$/s.exec(inner);
  if (fn) return substring(scope.readFunction(fn[1] ?? '', fn[2] ?? ''), fn[3], fn[4]);
  const v = /^([^:]+)(?::(-?\d*)(?::(-?\d+))?)?$/.exec(inner);
  const name = v?.[1] ?? inner;
  const offset = v?.[2] === '' ? '0' : v?.[2];
  return substring(scope.readVariable(name) ?? '', offset, v?.[3]);
}

export function substitute(text: string, scope: SubstitutionScope): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const next = text.charAt(i + 1);
    if (text.charAt(i) === '$' && (next === '{' || next === '[')) {
      const close = next === '{' ? '}' : ']';
      const end = matchingClose(text, i + 2, next, close);
      if (end < 0) return out + text.slice(i);
      const inner = substitute(text.slice(i + 2, end), scope);
      out += next === '{' ? evaluateReference(inner, scope) : evaluateExpression(inner);
      i = end + 1;
    } else {
      out += text.charAt(i);
      i++;
    }
  }
  return out;
}

/** Splits application arguments on top-level commas (parentheses and quotes protect commas). */
export function splitArgs(text: string, separator = ','): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')') depth--;
    if (c === separator && depth === 0 && !quoted) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}
