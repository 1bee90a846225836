// Unit tests for parsePhoneNumber: every dialling form agents use, every rejection, and number-type detection.
import { describe, expect, it } from 'vitest';
import {
  describeNumberType,
  parsePhoneNumber,
  type PhoneNumber,
} from '../../plugin/domain/numbers/phone-number.ts';

function parsed(input: string, trunkPrefix?: string): PhoneNumber {
  const result = parsePhoneNumber(input, trunkPrefix === undefined ? {} : { trunkPrefix });
  if (!result.ok) throw new Error(`expected ${input} to parse, got: ${result.error.message}`);
  return result.number;
}

function rejection(input: string, trunkPrefix?: string): string {
  const result = parsePhoneNumber(input, trunkPrefix === undefined ? {} : { trunkPrefix });
  if (result.ok) throw new Error(`expected ${input} to be rejected, got ${result.number.e164}`);
  expect(result.error.code).toBe('INVALID_NUMBER');
  return result.error.message;
}

describe('parsePhoneNumber accepted forms', () => {
  it.each([
    ['13800138000', '+8613800138000'],
    ['+86 138-0013-8000', '+8613800138000'],
    ['+8613800138000', '+8613800138000'],
    ['0086 13800138000', '+8613800138000'],
    ['8613800138000', '+8613800138000'],
    ['138.0013.8000', '+8613800138000'],
    ['１３８００１３８０００', '+8613800138000'],
    ['＋８６　１３８－００１３－８０００', '+8613800138000'],
    ['013800138000', '+8613800138000'],
    ['010-88886666', '+861088886666'],
    ['01088886666', '+861088886666'],
    ['(010) 8888-6666', '+861088886666'],
    ['（０１０）８８８８６６６６', '+861088886666'],
    ['(0755) 8888 6666', '+8675588886666'],
    ['021 6666 8888', '+862166668888'],
    ['0571-88886666', '+8657188886666'],
    ['0902-8888666', '+869028888666'],
    ['+86 10 8888 6666', '+861088886666'],
    ['+86 (0)755 8888 6666', '+8675588886666'],
    ['0086 571 8888 6666', '+8657188886666'],
    ['95588', '+8695588'],
    ['955 88', '+8695588'],
    ['95105888', '+8695105888'],
    ['96110', '+8696110'],
    ['+86 95588', '+8695588'],
    ['400-812-3456', '+864008123456'],
    ['800 810 8888', '+868008108888'],
    ['17012345678', '+8617012345678'],
    ['17112345678', '+8617112345678'],
  ])('when an agent dials %j, then it parses to %s', (input, e164) => {
    expect(parsed(input).e164).toBe(e164);
  });
});

describe('parsePhoneNumber number types', () => {
  it.each<[string, PhoneNumber]>([
    [
      '13800138000',
      {
        e164: '+8613800138000',
        national: '13800138000',
        type: 'mobile',
        areaCode: null,
        mobilePrefix: '1380013',
      },
    ],
    [
      '19912345678',
      {
        e164: '+8619912345678',
        national: '19912345678',
        type: 'mobile',
        areaCode: null,
        mobilePrefix: '1991234',
      },
    ],
    [
      '010-88886666',
      { e164: '+861088886666', national: '1088886666', type: 'landline', areaCode: '10', mobilePrefix: null },
    ],
    [
      '021-66668888',
      { e164: '+862166668888', national: '2166668888', type: 'landline', areaCode: '21', mobilePrefix: null },
    ],
    [
      '0755-88886666',
      {
        e164: '+8675588886666',
        national: '75588886666',
        type: 'landline',
        areaCode: '755',
        mobilePrefix: null,
      },
    ],
    [
      '0571-88886666',
      {
        e164: '+8657188886666',
        national: '57188886666',
        type: 'landline',
        areaCode: '571',
        mobilePrefix: null,
      },
    ],
    [
      '17012345678',
      {
        e164: '+8617012345678',
        national: '17012345678',
        type: 'virtual',
        areaCode: null,
        mobilePrefix: '1701234',
      },
    ],
    [
      '17112345678',
      {
        e164: '+8617112345678',
        national: '17112345678',
        type: 'virtual',
        areaCode: null,
        mobilePrefix: '1711234',
      },
    ],
    [
      '16212345678',
      {
        e164: '+8616212345678',
        national: '16212345678',
        type: 'virtual',
        areaCode: null,
        mobilePrefix: '1621234',
      },
    ],
    ['95588', { e164: '+8695588', national: '95588', type: 'service', areaCode: null, mobilePrefix: null }],
    ['96110', { e164: '+8696110', national: '96110', type: 'service', areaCode: null, mobilePrefix: null }],
    [
      '4008123456',
      { e164: '+864008123456', national: '4008123456', type: 'tollfree', areaCode: null, mobilePrefix: null },
    ],
    [
      '8008108888',
      { e164: '+868008108888', national: '8008108888', type: 'tollfree', areaCode: null, mobilePrefix: null },
    ],
  ])('when %j is parsed, then it is classified with its area code and 号段', (input, expected) => {
    expect(parsed(input)).toEqual(expected);
  });
});

describe('parsePhoneNumber with a trunk prefix', () => {
  it.each([
    ['913800138000', '9', '+8613800138000'],
    ['9010-88886666', '9', '+861088886666'],
    ['95588', '9', '+8695588'],
    ['96110', '9', '+8696110'],
    ['95105888', '9', '+8695105888'],
    ['13800138000', '9', '+8613800138000'],
    ['013800138000', '0', '+8613800138000'],
    ['00755-88886666', '0', '+8675588886666'],
    ['01088886666', '0', '+861088886666'],
  ])('when %j is dialled with trunk prefix %j, then it parses to %s', (input, trunk, e164) => {
    expect(parsed(input, trunk).e164).toBe(e164);
  });

  it('when stripping the trunk prefix leaves nothing valid and the original is invalid, then it is rejected', () => {
    expect(rejection('9123', '9')).toContain('"9123"');
  });
});

describe('parsePhoneNumber rejections', () => {
  it.each([
    ['', 'is empty'],
    ['   ', 'is empty'],
    ['abc', 'not part of a phone number'],
    ['138OO138000', 'not part of a phone number'],
    ['138 0013 8000 📞', 'not part of a phone number'],
    ["1' OR 1=1", 'not part of a phone number'],
    ['++8613800138000', 'not part of a phone number'],
    ['1380013800+0', 'not part of a phone number'],
    ['123456789012345678901', 'too long'],
    ['1'.repeat(80), 'too long'],
    ['123', 'too short'],
    ['12345', 'too short'],
    ['+86 1234', 'too short'],
    ['+1 212 555 0100', 'only Chinese (+86) numbers are supported'],
    ['+44 20 7946 0958', 'only Chinese (+86) numbers are supported'],
    ['001 212 555 0100', 'only Chinese (+86) numbers are supported'],
    ['88886666', 'add the area code'],
    ['8888666', 'add the area code'],
    ['12345678901', 'mobile number range'],
    ['10012345678', 'mobile number range'],
    ['+86 12345678901', 'mobile number range'],
    ['8612345678901', 'mobile number range'],
    ['1380013800', 'not a valid Chinese phone number'],
    ['75588886666', 'not a valid Chinese phone number'],
    ['0755-88866', 'too short for a landline'],
    ['010-888866661', 'not a valid landline'],
    ['0999-12345678', 'not a valid landline'],
  ])('when %j is dialled, then it is rejected with a message saying %j', (input, reason) => {
    const message = rejection(input);
    expect(message).toContain(reason);
    expect(message).toContain(JSON.stringify(input.slice(0, 40)).slice(0, -1));
  });

  it('when the input is very long, then the message shows only its first 40 characters', () => {
    const input = `${'8'.repeat(30)}${'x'.repeat(30)}`;
    expect(rejection(input)).toContain(`"${input.slice(0, 40)}…"`);
  });

  it('when the input contains control characters, then the message escapes them', () => {
    expect(rejection('138\n00138000')).toContain('"138\\n00138000"');
  });
});

describe('describeNumberType', () => {
  it.each([
    ['landline', '固话 landline'],
    ['mobile', '手机 mobile'],
    ['virtual', '虚拟号 virtual'],
    ['service', '服务号 service'],
    ['tollfree', '400/800 toll-free'],
  ] as const)('when the type is %s, then the label is %j', (type, label) => {
    expect(describeNumberType(type)).toBe(label);
  });
});
