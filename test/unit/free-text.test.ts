import { describe, expect, it } from 'vitest';
import { checkFreeText } from '../../plugin/domain/text/free-text.ts';

describe('checkFreeText', () => {
  it('when the text is printable (Chinese, tabs, spaces), then it is accepted as given', () => {
    expect(checkFreeText('reason', '客户要求\t不再来电 = OK')).toEqual({
      ok: true,
      value: '客户要求\t不再来电 = OK',
    });
  });

  it.each([
    ['a NUL byte', 'ab\u0000c', 3, 'U+0000'],
    ['a line break', '客户\n要求', 3, 'U+000A'],
    ['an escape sequence', '\u001b[31mred', 1, 'U+001B'],
    ['DEL', 'x\u007f', 2, 'U+007F'],
    ['a C1 control', 'x\u0085', 2, 'U+0085'],
  ])(
    'when the text holds %s, then it is refused with its column and code point',
    (_name, text, column, code) => {
      const check = checkFreeText('reason', text);
      expect(check).toMatchObject({ ok: false, column });
      expect(check.ok ? '' : check.message).toContain(code);
    },
  );

  it('when the text is longer than allowed, then it is refused with its length', () => {
    expect(checkFreeText('name', '号'.repeat(11), 10)).toMatchObject({
      ok: false,
      message: 'name is 11 characters long (at most 10)',
    });
  });
});
