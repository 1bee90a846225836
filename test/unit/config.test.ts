// Configuration: every problem reported at once, coercion of env strings, and the README's table.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configTable } from '../../plugin/config-doc.ts';
import { loadConfig } from '../../plugin/config.ts';

describe('configuration', () => {
  it('when nothing is set, then the documented defaults apply', () => {
    const loaded = loadConfig({});
    expect(loaded.ok && loaded.config).toMatchObject({
      NUMPOOL_DB_URL: 'sqlite:./numpool.sqlite',
      NUMPOOL_DRY_RUN: false,
    });
  });

  it('when values are given as environment strings, then they are coerced', () => {
    const loaded = loadConfig({
      NUMPOOL_HTTP_PORT: '9090',
      NUMPOOL_DRY_RUN: 'yes',
      NUMPOOL_DB_URL: 'mysql://u:p@db:3306/numpool',
    });
    expect(loaded.ok && loaded.config).toMatchObject({ NUMPOOL_HTTP_PORT: 9090, NUMPOOL_DRY_RUN: true });
  });

  it('when several values are wrong, then every problem is reported at once', () => {
    const loaded = loadConfig({
      NUMPOOL_DB_URL: 'postgres://x',
      NUMPOOL_ASTERISK_SERVERS: '[{"id": ""}]',
      NUMPOOL_DECISION_DEADLINE_MS: '5',
      NUMPOOL_DRY_RUN: 'perhaps',
    });
    expect(loaded.ok).toBe(false);
    const problems = loaded.ok ? [] : loaded.problems.map((p) => p.split(':')[0]);
    expect([...new Set(problems)].sort()).toEqual([
      'NUMPOOL_ASTERISK_SERVERS',
      'NUMPOOL_DB_URL',
      'NUMPOOL_DECISION_DEADLINE_MS',
      'NUMPOOL_DRY_RUN',
    ]);
  });

  it('when the README is read, then its configuration table is the one the schema renders', () => {
    // Compared cell by cell: prettier may pad the README's table columns.
    const cells = (text: string) => text.replace(/ *\| */g, '|').replace(/-{3,}/g, '---');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(cells(readme)).toContain(cells(configTable()));
  });
});
