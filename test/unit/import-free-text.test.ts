// Free text in import files (import/import-rows.ts): control characters are refused with the line
// and the column; formula-like values are kept as given; numpool's own export escape is undone.
import { describe, expect, it } from 'vitest';
import type { CsvRecord } from '../../plugin/import/csv-table.ts';
import {
  validateAgentRows,
  validateConsentRows,
  validateDncRows,
  validateNumberRows,
} from '../../plugin/import/import-rows.ts';

function records(...rows: Record<string, string>[]): CsvRecord[] {
  return rows.map((values, i) => ({ line: i + 2, values }));
}

describe('free text in import files', () => {
  it('when a DNC reason holds a NUL byte, then the file is refused naming the line and the column', () => {
    const result = validateDncRows(
      records({ number: '13800138000', reason: 'ok' }, { number: '13900139000', reason: '不要\u0000再打' }),
    );
    expect(result).toEqual({
      ok: false,
      errors: ['line 3: reason holds a control character (U+0000) at column 3'],
    });
  });

  it.each([
    ['an agent name', () => validateAgentRows(records({ id: '8001', name: 'Ann\u001b[31m' })), 'name', 4],
    [
      'a number note',
      () => validateNumberRows(records({ number: '01088886666', purpose: 'service', notes: 'a\nb' })),
      'notes',
      2,
    ],
    [
      'a consent evidence',
      () =>
        validateConsentRows(
          records({ number: '13800138000', granted_at: '2026-01-01', evidence: 'x\u007f' }),
        ),
      'evidence',
      2,
    ],
  ])('when %s holds a control character, then it is refused with its column', (_what, run, field, column) => {
    const result = run();
    expect(result.ok ? [] : result.errors).toEqual([
      expect.stringMatching(
        new RegExp(`^line 2: ${field} holds a control character \\(U\\+[0-9A-F]{4}\\) at column ${column}$`),
      ),
    ]);
  });

  it('when a reason holds a tab, then it is accepted', () => {
    const result = validateDncRows(records({ number: '13800138000', reason: 'a\tb' }));
    expect(result.ok && result.rows[0]?.reason).toBe('a\tb');
  });

  it('when free text starts like a formula, then it is kept as given; an exported escape is undone', () => {
    const result = validateAgentRows(
      records(
        { id: '8001', name: '=HYPERLINK("x")' },
        { id: '8002', name: `'@SUM(A1)` },
        { id: '8003', name: "'tis" },
      ),
    );
    expect(result.ok && result.rows.map((r) => r.name)).toEqual(['=HYPERLINK("x")', '@SUM(A1)', "'tis"]);
  });

  it('when a refused value is quoted in a message, then its control characters are not echoed', () => {
    const result = validateAgentRows(records({ id: '8001', marketing_trained: 'y\u0000s' }));
    expect(result.ok ? [] : result.errors).toEqual(["line 2: marketing_trained: 'y\uFFFDs' is not yes/no"]);
  });
});
