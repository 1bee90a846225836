// The CSV-injection escape of the exports and its undoing by the imports (domain/text/csv-cell.ts).
import { describe, expect, it } from 'vitest';
import { escapeCsvCell, unescapeCsvCell } from '../../plugin/domain/text/csv-cell.ts';

describe('escapeCsvCell', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
    ['+1+cmd|/C calc!A0', `'+1+cmd|/C calc!A0`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1:A2)', `'@SUM(A1:A2)`],
    ['\t=1', `'\t=1`],
    ['\r=1', `'\r=1`],
    ['＝1+1', `'＝1+1`],
    ['＠SUM(A1)', `'＠SUM(A1)`],
  ])('when a cell starts like a formula (%j), then it gets a leading apostrophe', (value, escaped) => {
    expect(escapeCsvCell(value)).toBe(escaped);
  });

  it.each([['+8613800138000'], ['-3'], ['12.5'], ['客户要求 = 不再来电'], [''], ["'quoted"], ['a@b.c']])(
    'when a cell is plain text or a plain number (%j), then it is written as is',
    (value) => {
      expect(escapeCsvCell(value)).toBe(value);
    },
  );
});

describe('unescapeCsvCell', () => {
  it.each([
    ['=HYPERLINK("x")'],
    ['+1+cmd'],
    ['@SUM(A1)'],
    ['-2+3'],
    ['+8613800138000'],
    ["'own quote"],
    ['plain'],
  ])('when %j is escaped and unescaped, then it comes back unchanged', (value) => {
    expect(unescapeCsvCell(escapeCsvCell(value))).toBe(value);
  });

  it("when an apostrophe is not followed by a formula character, then it is the value's own and kept", () => {
    expect(unescapeCsvCell("'tis")).toBe("'tis");
    expect(unescapeCsvCell("'+86138")).toBe("'+86138");
  });
});
