// Conversions between JS Dates and the UTC strings stored in DATETIME(3)/DATE columns.
// One format for MySQL (dateStrings) and SQLite (text), so string comparison orders correctly.

export function toDbTime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

export function fromDbTime(value: string | Date): Date {
  if (value instanceof Date) return value;
  return new Date(`${value.replace(' ', 'T')}Z`);
}

export function fromDbTimeOrNull(value: string | Date | null | undefined): Date | null {
  return value === null || value === undefined ? null : fromDbTime(value);
}

/** DATE columns come back as 'YYYY-MM-DD' strings from both drivers. */
export function fromDbDate(value: string | Date | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return value.slice(0, 10);
}
