// Checks shared by the reference-data actions (DNC, consents, agents): a callee number in any
// dialling form becomes E.164, free text passes checkFreeText. Refusals are AppErrors.
import { parsePhoneNumber } from '../../domain/numbers/phone-number.ts';
import { checkFreeText } from '../../domain/text/free-text.ts';
import { AppError } from '../../errors/index.ts';

/** The callee's E.164 form, or NUMPOOL_INVALID_INPUT naming the problem. */
export function calleeE164(input: string): string {
  const parsed = parsePhoneNumber(input);
  if (!parsed.ok) throw new AppError('NUMPOOL_INVALID_INPUT', `callee number: ${parsed.error.message}`);
  return parsed.number.e164;
}

/** Free text trimmed (null when empty), or NUMPOOL_INVALID_TEXT with the column of the bad character. */
export function optionalText(
  field: string,
  value: string | null | undefined,
  maxLength: number,
): string | null {
  const trimmed = value?.trim() ?? '';
  const check = checkFreeText(field, trimmed, maxLength);
  if (!check.ok) throw new AppError('NUMPOOL_INVALID_TEXT', check.message);
  return trimmed === '' ? null : trimmed;
}

/** Like optionalText, for a field that must be given (a removal's or a revocation's reason). */
export function requiredText(field: string, value: string | null | undefined, maxLength: number): string {
  const text = optionalText(field, value, maxLength);
  if (text === null) throw new AppError('NUMPOOL_INVALID_INPUT', `${field} is required`);
  return text;
}
