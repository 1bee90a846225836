// Where a callee is (province, city, region) and the name normalisation that makes areas comparable.
// Pure: used by callee-area (prefix rows, geocoder text), the admin prefix import and the local-presence rules.

export interface Area {
  province: string | null;
  city: string | null;
  region: string | null;
  areaCode: string | null;
  source: 'prefix-table' | 'geocoder' | 'unknown';
}

/** Province short name → the seven traditional regions. 香港/澳门/台湾 deliberately have no region. */
export const DEFAULT_REGIONS: Readonly<Record<string, string>> = Object.freeze({
  ...regionOf('华北', ['北京', '天津', '河北', '山西', '内蒙古']),
  ...regionOf('东北', ['辽宁', '吉林', '黑龙江']),
  ...regionOf('华东', ['上海', '江苏', '浙江', '安徽', '福建', '江西', '山东']),
  ...regionOf('华中', ['河南', '湖北', '湖南']),
  ...regionOf('华南', ['广东', '广西', '海南']),
  ...regionOf('西南', ['重庆', '四川', '贵州', '云南', '西藏']),
  ...regionOf('西北', ['陕西', '甘肃', '青海', '宁夏', '新疆']),
});

// [short name, official name, latin spellings (lower case, letters only)]
const PROVINCES: ReadonlyArray<readonly [string, string, ...string[]]> = [
  ['北京', '北京市', 'beijing', 'peking'],
  ['天津', '天津市', 'tianjin'],
  ['河北', '河北省', 'hebei'],
  ['山西', '山西省', 'shanxi'],
  ['内蒙古', '内蒙古自治区', 'neimenggu', 'innermongolia', 'neimongol'],
  ['辽宁', '辽宁省', 'liaoning'],
  ['吉林', '吉林省', 'jilin'],
  ['黑龙江', '黑龙江省', 'heilongjiang'],
  ['上海', '上海市', 'shanghai'],
  ['江苏', '江苏省', 'jiangsu'],
  ['浙江', '浙江省', 'zhejiang'],
  ['安徽', '安徽省', 'anhui'],
  ['福建', '福建省', 'fujian'],
  ['江西', '江西省', 'jiangxi'],
  ['山东', '山东省', 'shandong'],
  ['河南', '河南省', 'henan'],
  ['湖北', '湖北省', 'hubei'],
  ['湖南', '湖南省', 'hunan'],
  ['广东', '广东省', 'guangdong'],
  ['广西', '广西壮族自治区', 'guangxi', 'guangxizhuang'],
  ['海南', '海南省', 'hainan'],
  ['重庆', '重庆市', 'chongqing'],
  ['四川', '四川省', 'sichuan'],
  ['贵州', '贵州省', 'guizhou'],
  ['云南', '云南省', 'yunnan'],
  ['西藏', '西藏自治区', 'xizang', 'tibet'],
  ['陕西', '陕西省', 'shaanxi'],
  ['甘肃', '甘肃省', 'gansu'],
  ['青海', '青海省', 'qinghai'],
  ['宁夏', '宁夏回族自治区', 'ningxia', 'ningxiahui'],
  ['新疆', '新疆维吾尔自治区', 'xinjiang', 'xinjianguygur', 'xinjianguyghur', 'xinjianguighur'],
  ['香港', '香港特别行政区', 'hongkong', 'xianggang'],
  ['澳门', '澳门特别行政区', 'macau', 'macao', 'aomen'],
  ['台湾', '台湾省', 'taiwan'],
];
const MUNICIPALITIES: ReadonlySet<string> = new Set(['北京', '天津', '上海', '重庆']);
const SHORT_NAMES: ReadonlySet<string> = new Set(PROVINCES.map(([short]) => short));
const PROVINCE_BY_NAME: ReadonlyMap<string, string> = new Map(
  PROVINCES.flatMap(([short, official, ...latin]) =>
    [short, official, `${short}省`, `${short}市`, ...latin].map((name) => [name, short] as const),
  ),
);
// What follows a province's short name in official text, longest first.
const PROVINCE_SUFFIXES = ['维吾尔自治区', '壮族自治区', '回族自治区', '特别行政区', '自治区', '省', '市'];
const LATIN_SUFFIXES = ['autonomousregion', 'specialadministrativeregion', 'municipality', 'province'];
const LATIN_SUFFIXES_SHORT = ['sheng', 'city', 'shi', 'sar'];
// Prefecture-level suffixes, longest first; counties (县) are kept as they are.
const CITY_SUFFIXES = ['自治州', '地区', '林区', '市', '盟'];
// Ethnic groups named in autonomous prefectures: '延边朝鲜族自治州' → '延边', '博尔塔拉蒙古自治州' → '博尔塔拉'.
const ETHNIC_GROUPS: readonly string[] = (
  '柯尔克孜 乌孜别克 达斡尔 鄂温克 鄂伦春 哈萨克 维吾尔 俄罗斯 塔吉克 塔塔尔 朝鲜 蒙古 土家 布依 哈尼 景颇 傈僳 ' +
  '纳西 拉祜 仡佬 仫佬 毛南 撒拉 锡伯 东乡 保安 裕固 普米 独龙 布朗 阿昌 德昂 基诺 门巴 珞巴 赫哲 ' +
  '藏 羌 回 彝 苗 侗 壮 傣 白 黎 瑶 满 畲 土 佤 水 怒 京'
).split(' ');
const WHITESPACE = /\s+/g;
const NON_LETTERS = /[^a-z]/g;
const TEXT_SEPARATORS = ['、', ',', '，'];

export function isMunicipality(province: string): boolean {
  return MUNICIPALITIES.has(province);
}

export function normalizeProvince(name: string): string | null {
  const compact = name.replace(WHITESPACE, '');
  if (compact === '') return null;
  return PROVINCE_BY_NAME.get(compact) ?? PROVINCE_BY_NAME.get(latinKey(compact)) ?? null;
}

export function normalizeCity(name: string): string | null {
  const compact = name.replace(WHITESPACE, '');
  if (compact === '') return null;
  for (const suffix of CITY_SUFFIXES) {
    if (compact.endsWith(suffix) && compact.length - suffix.length >= 2) {
      const city = compact.slice(0, -suffix.length);
      return suffix === '自治州' ? stripEthnicGroups(city) : city;
    }
  }
  return compact;
}

/** Splits zh geocoder text such as '广东省深圳市' or '内蒙古呼和浩特市'; English text yields the province only. */
export function splitGeocoderText(text: string): { province: string | null; city: string | null } {
  const compact = text.replace(WHITESPACE, '');
  const province = leadingProvince(compact);
  if (province === null) return fromLatinText(compact);
  // Some ranges list several cities ('四川省成都市、资阳市、眉山市'): the first is the main one.
  const rest = firstListItem(compact.slice(province.consumed));
  if (isMunicipality(province.short)) return { province: province.short, city: province.short };
  return { province: province.short, city: rest === '' ? null : normalizeCity(rest) };
}

function leadingProvince(text: string): { short: string; consumed: number } | null {
  const short = [text.slice(0, 3), text.slice(0, 2)].find((candidate) => SHORT_NAMES.has(candidate));
  if (short === undefined) return null;
  const suffix = PROVINCE_SUFFIXES.find((s) => text.startsWith(s, short.length)) ?? '';
  return { short, consumed: short.length + suffix.length };
}

function fromLatinText(text: string): { province: string | null; city: string | null } {
  const province = normalizeProvince(text.slice(text.lastIndexOf(',') + 1));
  return { province, city: province !== null && isMunicipality(province) ? province : null };
}

function firstListItem(text: string): string {
  let end = text.length;
  for (const separator of TEXT_SEPARATORS) {
    const at = text.indexOf(separator);
    if (at >= 0 && at < end) end = at;
  }
  return text.slice(0, end);
}

function latinKey(name: string): string {
  let key = name.toLowerCase().replace(NON_LETTERS, '');
  for (const suffix of LATIN_SUFFIXES) if (key.endsWith(suffix)) key = key.slice(0, -suffix.length);
  for (const suffix of LATIN_SUFFIXES_SHORT) {
    if (key.endsWith(suffix) && !PROVINCE_BY_NAME.has(key)) key = key.slice(0, -suffix.length);
  }
  return key;
}

function stripEthnicGroups(name: string): string {
  let rest = name;
  for (let stripped = true; stripped;) {
    stripped = false;
    for (const group of ETHNIC_GROUPS) {
      // Single-character groups only count with 族 ('大理白族'); longer ones may stand bare ('伊犁哈萨克').
      const tail = rest.endsWith(`${group}族`)
        ? `${group}族`
        : group.length > 1 && rest.endsWith(group)
          ? group
          : '';
      if (tail !== '' && rest.length - tail.length >= 2) {
        rest = rest.slice(0, -tail.length);
        stripped = true;
        break;
      }
    }
  }
  return rest;
}

function regionOf(region: string, provinces: readonly string[]): Record<string, string> {
  return Object.fromEntries(provinces.map((province) => [province, region]));
}
