// Free text a person types (reasons, names, notes, evidence): any printable text, tabs included, but
// never NUL or another control character, which would corrupt logs, CSV exports and terminals.
// Used by the imports (with line and column), the actions and the API. Pure.

/** C0 controls except tab, DEL, and the C1 controls. Line breaks are refused too: these are one-line fields. */
// Matching control characters is the point of this pattern.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F]/u;

export type FreeTextCheck = { ok: true; value: string } | { ok: false; column: number; message: string };

/**
 * Checks one free-text value. `column` is 1-based, counted in characters, so an import can report
 * "line 4, column 17". `maxLength` is in characters.
 */
export function checkFreeText(field: string, value: string, maxLength = 500): FreeTextCheck {
  const match = CONTROL.exec(value);
  if (match) {
    const column = [...value.slice(0, match.index)].length + 1;
    const code = match[0].codePointAt(0) ?? 0;
    return {
      ok: false,
      column,
      message: `${field} holds a control character (U+${code.toString(16).toUpperCase().padStart(4, '0')}) at column ${column}`,
    };
  }
  const length = [...value].length;
  if (length > maxLength) {
    return {
      ok: false,
      column: maxLength + 1,
      message: `${field} is ${length} characters long (at most ${maxLength})`,
    };
  }
  return { ok: true, value };
}
