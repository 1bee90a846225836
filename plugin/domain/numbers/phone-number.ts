// Parses a number as a Chinese agent dials it into a classified PhoneNumber (mobile, landline, virtual, service, toll-free).
// Pure and allocation-light: call-flow runs it on every outbound call; the admin import runs it on every row.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export type NumberType = 'mobile' | 'landline' | 'virtual' | 'service' | 'tollfree';

export interface PhoneNumber {
  /** '+8613800138000', '+861088886666', '+8695588', '+864008123456' */
  e164: string;
  /** National significant number: '13800138000', '1088886666', '95588', '4008123456' */
  national: string;
  type: NumberType;
  /** Landline only, without the trunk 0: '10', '21', '755', '571' */
  areaCode: string | null;
  /** Mobile/virtual only: the 号段, first 7 digits, e.g. '1380013' */
  mobilePrefix: string | null;
}

export type NumberParseError = { code: 'INVALID_NUMBER'; message: string };
export type NumberParseResult = { ok: true; number: PhoneNumber } | { ok: false; error: NumberParseError };
/** trunkPrefix: the site's outside-line digit(s), e.g. '9' or '0' */
export interface ParseOptions {
  trunkPrefix?: string;
}

/** Why a dialled string is not a number we can call; becomes the end of the error message. */
type Reason = string;

const MAX_DIGITS = 20;
const MAX_INPUT_CHARS = 64;
const SHOWN_INPUT_CHARS = 40;
const DIGITS = '0123456789';
const FULLWIDTH_ZERO = 0xff10;
// 170/171 are the virtual-operator ranges; 162/165/167 the newer virtual-operator mobile ranges.
const VIRTUAL_RANGES: ReadonlySet<string> = new Set(['170', '171', '162', '165', '167']);
// Characters agents type between digits: ASCII and full-width spaces, dashes, dots and parentheses.
const SEPARATORS: ReadonlySet<number> = new Set([
  0x09, 0x20, 0xa0, 0x3000, 0x2d, 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0xff0d, 0x2e, 0xff0e, 0x28, 0x29,
  0xff08, 0xff09,
]);

const EMPTY: Reason = 'is empty';
const NOT_NUMERIC: Reason = 'contains characters that are not part of a phone number';
const TOO_LONG: Reason = `is too long (more than ${MAX_DIGITS} digits)`;
const TOO_SHORT: Reason = 'is too short to be a phone number';
const FOREIGN: Reason = 'is not a Chinese number: only Chinese (+86) numbers are supported';
const NO_AREA_CODE: Reason = 'is a local number without area code: add the area code, e.g. 010-88886666';
const BAD_MOBILE: Reason = 'is not in a valid Chinese mobile number range';
const LANDLINE_TOO_SHORT: Reason = 'is too short for a landline: expected area code plus 7 or 8 digits';
const BAD_LANDLINE: Reason = 'is not a valid landline number (check the area code and local number)';
const UNRECOGNISED: Reason = 'is not a valid Chinese phone number (landlines need 0 and the area code)';

const TYPE_LABELS: Readonly<Record<NumberType, string>> = {
  mobile: '手机 mobile',
  landline: '固话 landline',
  virtual: '虚拟号 virtual',
  service: '服务号 service',
  tollfree: '400/800 toll-free',
};

export function describeNumberType(t: NumberType): string {
  return TYPE_LABELS[t];
}

export function parsePhoneNumber(input: string, options: ParseOptions = {}): NumberParseResult {
  if (typeof input !== 'string') return reject('', EMPTY); // JS callers (channel variables) may pass undefined
  if (input.trim() === '') return reject(input, EMPTY);
  if (input.length > MAX_INPUT_CHARS) return reject(input, TOO_LONG);
  const dialled = readDigits(input);
  if (typeof dialled === 'string') return reject(input, dialled);

  const trunk = options.trunkPrefix;
  if (trunk && !dialled.plus && dialled.digits.length > trunk.length && dialled.digits.startsWith(trunk)) {
    const stripped = classifyDialled(dialled.digits.slice(trunk.length), false);
    if (typeof stripped !== 'string') return { ok: true, number: stripped };
  }
  const verdict = classifyDialled(dialled.digits, dialled.plus);
  return typeof verdict === 'string' ? reject(input, verdict) : { ok: true, number: verdict };
}

/** Keeps the digits (full-width ones mapped to ASCII) and notes a leading '+'; rejects anything else. */
function readDigits(input: string): { digits: string; plus: boolean } | Reason {
  let digits = '';
  let plus = false;
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) digits += input[i];
    else if (c >= FULLWIDTH_ZERO && c <= FULLWIDTH_ZERO + 9) digits += DIGITS[c - FULLWIDTH_ZERO];
    else if ((c === 0x2b || c === 0xff0b) && digits.length === 0 && !plus) plus = true;
    else if (!SEPARATORS.has(c)) return NOT_NUMERIC;
  }
  if (digits.length === 0) return NOT_NUMERIC;
  if (digits.length > MAX_DIGITS) return TOO_LONG;
  return { digits, plus };
}

/** Works out which dialling form was used: +86, 0086, bare 86+mobile, trunk 0, or no prefix. */
function classifyDialled(digits: string, plus: boolean): PhoneNumber | Reason {
  if (plus) return digits.startsWith('86') ? classifyInternational(digits.slice(2)) : FOREIGN;
  if (digits.startsWith('00'))
    return digits.startsWith('0086') ? classifyInternational(digits.slice(4)) : FOREIGN;
  if (digits.length === 13 && digits.startsWith('861')) return classifyMobile(digits.slice(2));
  if (digits[0] === '0') return classifyAfterTrunkZero(digits.slice(1));
  return classifyDomestic(digits);
}

function classifyInternational(nsn: string): PhoneNumber | Reason {
  // '+86 (0)755 …' is a common way of writing it: the trunk 0 is not part of the number.
  const n = nsn[0] === '0' ? nsn.slice(1) : nsn;
  if (n.length < 5) return TOO_SHORT;
  return classifyShort(n) ?? (n.length === 11 && n[0] === '1' ? classifyMobile(n) : classifyLandline(n));
}

function classifyAfterTrunkZero(rest: string): PhoneNumber | Reason {
  // Agents still dial 0 before an out-of-town mobile; '01' + '0…' is Beijing's area code instead.
  if (rest.length === 11 && rest[0] === '1' && rest[1] !== '0') return classifyMobile(rest);
  return classifyLandline(rest);
}

function classifyDomestic(digits: string): PhoneNumber | Reason {
  const short = classifyShort(digits);
  if (short) return short;
  if (digits.length === 11 && digits[0] === '1') return classifyMobile(digits);
  if (digits.length < 7) return TOO_SHORT;
  if (digits.length <= 8 && digits[0] !== '1') return NO_AREA_CODE;
  return UNRECOGNISED;
}

/** Service and toll-free numbers come first so that 95588 is never read as area code 0955. */
function classifyShort(n: string): PhoneNumber | null {
  if (n.length >= 5 && n.length <= 8 && n[0] === '9' && (n[1] === '5' || n[1] === '6')) {
    return build(n, 'service', null, null);
  }
  if (n.length === 10 && (n.startsWith('400') || n.startsWith('800')))
    return build(n, 'tollfree', null, null);
  return null;
}

function classifyMobile(n: string): PhoneNumber | Reason {
  if (n.length !== 11 || n[0] !== '1') return BAD_MOBILE;
  const mobilePrefix = n.slice(0, 7);
  if (VIRTUAL_RANGES.has(n.slice(0, 3))) return build(n, 'virtual', null, mobilePrefix);
  const parsed = parsePhoneNumberFromString(`+86${n}`);
  if (!parsed?.isValid() || parsed.getType() !== 'MOBILE') return BAD_MOBILE;
  return build(n, 'mobile', null, mobilePrefix);
}

function classifyLandline(n: string): PhoneNumber | Reason {
  // Area code (2–3 digits) plus a 7- or 8-digit local number.
  if (n.length < 9) return LANDLINE_TOO_SHORT;
  if (n.length > 11) return BAD_LANDLINE;
  const parsed = parsePhoneNumberFromString(`+86${n}`);
  const type = parsed?.isValid() ? parsed.getType() : undefined;
  if (type !== 'FIXED_LINE' && type !== 'FIXED_LINE_OR_MOBILE') return BAD_LANDLINE;
  // 010 and 02x are the only two-digit area codes; all others are three digits.
  const areaCodeLength = n[0] === '1' || n[0] === '2' ? 2 : 3;
  return build(n, 'landline', n.slice(0, areaCodeLength), null);
}

function build(
  national: string,
  type: NumberType,
  areaCode: string | null,
  mobilePrefix: string | null,
): PhoneNumber {
  return { e164: `+86${national}`, national, type, areaCode, mobilePrefix };
}

function reject(input: string, reason: Reason): NumberParseResult {
  const shown = input.length > SHOWN_INPUT_CHARS ? `${input.slice(0, SHOWN_INPUT_CHARS)}…` : input;
  // JSON quoting keeps control characters and quotes in hostile input from breaking log lines.
  return { ok: false, error: { code: 'INVALID_NUMBER', message: `${JSON.stringify(shown)} ${reason}` } };
}
