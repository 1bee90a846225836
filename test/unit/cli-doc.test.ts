// The README's command table and error-code list against the commander program and the error
// catalogue: generated from them, compared cell by cell, so neither can drift.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commandTable, errorTable, readmeSection } from '../../plugin/cli/cli-doc.ts';
import { ERRORS } from '../../plugin/errors/index.ts';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const REGENERATE =
  'regenerate with `npx tsx plugin/cli/cli-doc.ts --write && npx prettier --write README.md`';

/** Prettier pads the README's table columns: compare cells, not spacing. */
function cells(table: string): string {
  return table.replace(/ *\| */g, '|').replace(/-{3,}/g, '---');
}

describe('README generated tables', () => {
  it('when the README is read, then its command table is the one the program renders', () => {
    const section = readmeSection(README, 'commands');
    expect(section, 'README has no commands markers').not.toBeNull();
    expect(cells(section ?? ''), REGENERATE).toBe(cells(commandTable()));
  });

  it('when the README is read, then its error-code table is the one the catalogue renders', () => {
    const section = readmeSection(README, 'error-codes');
    expect(cells(section ?? ''), REGENERATE).toBe(cells(errorTable()));
  });

  it('when the error codes are listed, then every code in ERRORS is in the README and every listed code is in ERRORS', () => {
    const listed = [...(readmeSection(README, 'error-codes') ?? '').matchAll(/`(NUMPOOL_[A-Z0-9_]+)`/g)].map(
      (m) => m[1],
    );
    expect(new Set(listed)).toEqual(new Set(Object.keys(ERRORS)));
  });
});
