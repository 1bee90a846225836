// Renders the README's command table from the commander program and its error-code table from the
// error catalogue, so neither can drift (test/unit/cli-doc.test.ts compares them with the README).
// Print: npx tsx plugin/cli/cli-doc.ts; rewrite the README's tables: add --write (then prettier).
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ERRORS } from '../errors/index.ts';
import { buildProgram } from './program.ts';

/** Option descriptions end with this when the command refuses to run without the option. */
const REQUIRED = /\(required\)$/;

export function commandTable(program: Command = documentedProgram()): string {
  const lines = ['| Command | What it does |', '| --- | --- |'];
  for (const command of leafCommands(program)) {
    lines.push(`| \`${cell(synopsis(command))}\` | ${cell(command.description())} |`);
  }
  return lines.join('\n');
}

export function errorTable(): string {
  const lines = ['| Code | Exit | HTTP | Meaning |', '| --- | --- | --- | --- |'];
  for (const [code, entry] of Object.entries(ERRORS)) {
    lines.push(`| \`${code}\` | ${entry.exit} | ${entry.http} | ${cell(entry.summary)} |`);
  }
  return lines.join('\n');
}

/** `numpool calendar set <date> <kind> [name...]`, `numpool decide --callee <number> … [--json]`. */
export function synopsis(command: Command): string {
  const path: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) path.unshift(c.name());
  const args = command.registeredArguments.map((a) => {
    const name = `${a.name()}${a.variadic ? '...' : ''}`;
    return a.required ? `<${name}>` : `[${name}]`;
  });
  const options = command.options.map((o) => (REQUIRED.test(o.description) ? o.flags : `[${o.flags}]`));
  return [...path, ...args, ...options].join(' ');
}

/** Every command that runs something, depth first in the order `--help` lists them. */
export function leafCommands(command: Command): Command[] {
  const subs = command.commands.filter((c) => c.name() !== 'help');
  if (!subs.length) return command.parent ? [command] : [];
  return subs.flatMap(leafCommands);
}

function documentedProgram(): Command {
  const nothing = (): void => undefined;
  return buildProgram(
    {
      actions: () => Promise.reject(new Error('the documentation runs no command')),
      print: nothing,
      setExitCode: nothing,
    },
    { out: nothing, err: nothing },
  );
}

/** Markdown table cells: pipes escaped, one line. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/** The README's generated parts sit between `<!-- NAME:start -->` and `<!-- NAME:end -->` lines. */
export const README_TABLES = { commands: commandTable, 'error-codes': errorTable } as const;

export function readmeSection(readme: string, name: keyof typeof README_TABLES): string | null {
  const match = new RegExp(`<!-- ${name}:start -->\\n\\n([\\s\\S]*?)\\n\\n<!-- ${name}:end -->`).exec(readme);
  return match?.[1] ?? null;
}

function rewriteReadme(path: string): void {
  let readme = readFileSync(path, 'utf8');
  for (const [name, render] of Object.entries(README_TABLES)) {
    const start = `<!-- ${name}:start -->\n\n`;
    const end = `\n\n<!-- ${name}:end -->`;
    const from = readme.indexOf(start);
    const to = readme.indexOf(end, from);
    if (from < 0 || to < 0) throw new Error(`README has no ${name} markers`);
    readme = readme.slice(0, from + start.length) + render() + readme.slice(to);
  }
  writeFileSync(path, readme);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--write')) rewriteReadme(new URL('../../README.md', import.meta.url).pathname);
  else process.stdout.write(`${commandTable()}\n\n${errorTable()}\n`);
}
