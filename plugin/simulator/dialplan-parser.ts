// Parses extensions.conf text (the subset numpool's dialplan and the recorded one use:
// `[context]`, `exten =>`, `same =>`, `n(label)`, `[globals]`, `;` comments) into a lookup table.

export interface DialplanStep {
  priority: number;
  label: string | null;
  app: string;
  /** Unsubstituted argument text between the parentheses. */
  args: string;
}

export interface DialplanExtension {
  name: string;
  matcher: RegExp | null;
  steps: Map<number, DialplanStep>;
  labels: Map<string, number>;
}

export interface Dialplan {
  globals: Array<[string, string]>;
  contexts: Map<string, DialplanExtension[]>;
}

export class DialplanSyntaxError extends Error {
  constructor(lineNo: number, message: string) {
    super(`dialplan line ${lineNo}: ${message}`);
  }
}

/** Asterisk extension patterns: X, Z, N, [..], `.`, `!`, literal characters. */
export function patternToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === 'X') re += '[0-9]';
    else if (c === 'Z') re += '[1-9]';
    else if (c === 'N') re += '[2-9]';
    else if (c === '.') re += '.+';
    else if (c === '!') re += '.*';
    else if (c === '[') {
      const end = pattern.indexOf(']', i);
      re += `[${pattern.slice(i + 1, end)}]`;
      i = end;
    } else re += c.replace(/[\\^$*+?.()|{}[\]]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function stripComment(line: string): string {
  for (let i = 0; i < line.length; i++) {
    if (line[i] === ';' && line[i - 1] !== '\\') return line.slice(0, i);
  }
  return line;
}

function splitStep(rest: string, lineNo: number): { priorityText: string; appText: string; exten?: string } {
  const firstComma = rest.indexOf(',');
  if (firstComma < 0) throw new DialplanSyntaxError(lineNo, `expected "priority,App(args)" in "${rest}"`);
  return { priorityText: rest.slice(0, firstComma).trim(), appText: rest.slice(firstComma + 1).trim() };
}

function parseApp(appText: string): { app: string; args: string } {
  const open = appText.indexOf('(');
  if (open < 0) return { app: appText.trim(), args: '' };
  const close = appText.lastIndexOf(')');
  return { app: appText.slice(0, open).trim(), args: appText.slice(open + 1, close < 0 ? undefined : close) };
}

export function parseDialplan(text: string): Dialplan {
  const plan: Dialplan = { globals: [], contexts: new Map() };
  let context: string | null = null;
  let current: DialplanExtension | null = null;
  let lastPriority = 0;
  text.split(/\r?\n/).forEach((rawLine, index) => {
    const lineNo = index + 1;
    const line = stripComment(rawLine).trim();
    if (line === '') return;
    const header = /^\[([^\]]+)\]/.exec(line);
    if (header?.[1] !== undefined) {
      context = header[1];
      current = null;
      if (context !== 'globals' && context !== 'general' && !plan.contexts.has(context)) {
        plan.contexts.set(context, []);
      }
      return;
    }
    if (context === null) throw new DialplanSyntaxError(lineNo, 'statement outside a context');
    if (context === 'general') return;
    if (context === 'globals') {
      const eq = line.indexOf('=');
      if (eq < 0) throw new DialplanSyntaxError(lineNo, 'global without "="');
      plan.globals.push([line.slice(0, eq).trim(), line.slice(eq + 1).trim()]);
      return;
    }
    const stmt = /^(exten|same)\s*=>?\s*(.*)$/.exec(line);
    if (!stmt) {
      if (/^include\s*=>/.test(line)) return;
      throw new DialplanSyntaxError(lineNo, `unsupported statement "${line}"`);
    }
    let rest = stmt[2] ?? '';
    const extensions = plan.contexts.get(context) ?? [];
    if (stmt[1] === 'exten') {
      const comma = rest.indexOf(',');
      const name = rest.slice(0, comma).trim();
      rest = rest.slice(comma + 1);
      current = extensions.find((e) => e.name === name) ?? null;
      if (!current) {
        current = {
          name,
          matcher: name.startsWith('_') ? patternToRegExp(name.slice(1)) : null,
          steps: new Map(),
          labels: new Map(),
        };
        extensions.push(current);
      }
    } else if (!current) throw new DialplanSyntaxError(lineNo, '"same =>" without a preceding "exten =>"');
    const ext: DialplanExtension = current;
    const { priorityText, appText } = splitStep(rest, lineNo);
    const prio = /^(\d+|n)(?:\(([^)]+)\))?$/.exec(priorityText);
    if (!prio) throw new DialplanSyntaxError(lineNo, `bad priority "${priorityText}"`);
    const priority = prio[1] === 'n' ? lastPriority + 1 : Number(prio[1]);
    lastPriority = priority;
    const label = prio[2] ?? null;
    if (label !== null) ext.labels.set(label, priority);
    ext.steps.set(priority, { priority, label, ...parseApp(appText) });
  });
  return plan;
}

/** The extension a dialed string runs in: exact names first, then patterns in file order. */
export function findExtension(plan: Dialplan, context: string, exten: string): DialplanExtension | undefined {
  const extensions = plan.contexts.get(context) ?? [];
  return (
    extensions.find((e) => e.matcher === null && e.name === exten) ??
    extensions.find((e) => e.matcher?.test(exten) === true)
  );
}
