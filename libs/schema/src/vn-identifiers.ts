import type Ajv from 'ajv';

/**
 * Legacy (pre-2025) province-level codes used as the first three digits of a personal
 * identification number: "0" + the old two-digit administrative code (TT 07/2016/TT-BCA annex,
 * docs/domain.md §2). Existing numbers never change, so validation keeps all 63 after the merger.
 */
// prettier-ignore
export const LEGACY_PROVINCES: Readonly<Record<string, string>> = Object.freeze({
  '01': 'Hà Nội', '02': 'Hà Giang', '04': 'Cao Bằng', '06': 'Bắc Kạn', '08': 'Tuyên Quang',
  '10': 'Lào Cai', '11': 'Điện Biên', '12': 'Lai Châu', '14': 'Sơn La', '15': 'Yên Bái',
  '17': 'Hòa Bình', '19': 'Thái Nguyên', '20': 'Lạng Sơn', '22': 'Quảng Ninh', '24': 'Bắc Giang',
  '25': 'Phú Thọ', '26': 'Vĩnh Phúc', '27': 'Bắc Ninh', '30': 'Hải Dương', '31': 'Hải Phòng',
  '33': 'Hưng Yên', '34': 'Thái Bình', '35': 'Hà Nam', '36': 'Nam Định', '37': 'Ninh Bình',
  '38': 'Thanh Hóa', '40': 'Nghệ An', '42': 'Hà Tĩnh', '44': 'Quảng Bình', '45': 'Quảng Trị',
  '46': 'Thừa Thiên Huế', '48': 'Đà Nẵng', '49': 'Quảng Nam', '51': 'Quảng Ngãi', '52': 'Bình Định',
  '54': 'Phú Yên', '56': 'Khánh Hòa', '58': 'Ninh Thuận', '60': 'Bình Thuận', '62': 'Kon Tum',
  '64': 'Gia Lai', '66': 'Đắk Lắk', '67': 'Đắk Nông', '68': 'Lâm Đồng', '70': 'Bình Phước',
  '72': 'Tây Ninh', '74': 'Bình Dương', '75': 'Đồng Nai', '77': 'Bà Rịa–Vũng Tàu',
  '79': 'TP Hồ Chí Minh', '80': 'Long An', '82': 'Tiền Giang', '83': 'Bến Tre', '84': 'Trà Vinh',
  '86': 'Vĩnh Long', '87': 'Đồng Tháp', '89': 'An Giang', '91': 'Kiên Giang', '92': 'Cần Thơ',
  '93': 'Hậu Giang', '94': 'Sóc Trăng', '95': 'Bạc Liêu', '96': 'Cà Mau',
} as const);

/** One province-level unit after the 1 July 2025 merger (NQ 202/2025/QH15, QĐ 19/2025/QĐ-TTg). */
export interface MergedProvince {
  /** Two-digit code, valid from {@link PROVINCE_MERGER_DATE}. */
  readonly code: string;
  readonly name: string;
  /** Legacy codes folded into this unit (including its own legacy code when it kept it). */
  readonly legacyCodes: readonly string[];
}

/** First day on which the 34 merged province-level units are in force. */
export const PROVINCE_MERGER_DATE = '2025-07-01';

function merged(code: string, name: string, ...others: string[]): MergedProvince {
  return Object.freeze({ code, name, legacyCodes: Object.freeze([code, ...others]) });
}

/**
 * The 34 province-level units from 2025-07-01. A merged unit takes the legacy code of the
 * constituent hosting the new seat (docs/domain.md §2; two sources agree, the decree PDF was not read).
 */
// prettier-ignore
export const PROVINCES_2025: readonly MergedProvince[] = Object.freeze([
  merged('01', 'Hà Nội'), merged('04', 'Cao Bằng'), merged('08', 'Tuyên Quang', '02'),
  merged('11', 'Điện Biên'), merged('12', 'Lai Châu'), merged('14', 'Sơn La'),
  merged('15', 'Lào Cai', '10'), merged('19', 'Thái Nguyên', '06'), merged('20', 'Lạng Sơn'),
  merged('22', 'Quảng Ninh'), merged('24', 'Bắc Ninh', '27'), merged('25', 'Phú Thọ', '26', '17'),
  merged('31', 'Hải Phòng', '30'), merged('33', 'Hưng Yên', '34'),
  merged('37', 'Ninh Bình', '35', '36'), merged('38', 'Thanh Hóa'), merged('40', 'Nghệ An'),
  merged('42', 'Hà Tĩnh'), merged('44', 'Quảng Trị', '45'), merged('46', 'Huế'),
  merged('48', 'Đà Nẵng', '49'), merged('51', 'Quảng Ngãi', '62'), merged('52', 'Gia Lai', '64'),
  merged('56', 'Khánh Hòa', '58'), merged('66', 'Đắk Lắk', '54'),
  merged('68', 'Lâm Đồng', '67', '60'), merged('75', 'Đồng Nai', '70'),
  merged('79', 'TP Hồ Chí Minh', '74', '77'), merged('80', 'Tây Ninh', '72'),
  merged('82', 'Đồng Tháp', '87'), merged('86', 'Vĩnh Long', '83', '84'),
  merged('91', 'An Giang', '89'), merged('92', 'Cần Thơ', '94', '93'), merged('96', 'Cà Mau', '95'),
]);

/**
 * Beneficiary groups (mã đối tượng) accepted in a health-insurance card code. The groups named in
 * docs/domain.md §2 plus the other common QĐ 1351/QĐ-BHXH codes; the full official table (65+ codes)
 * was not read, so an unlisted but real group is rejected until added here.
 */
// prettier-ignore
export const HEALTH_INSURANCE_GROUPS: ReadonlySet<string> = new Set([
  'DN', 'HX', 'CH', 'NN', 'TK', 'HC', 'XK', 'HT', 'TB', 'NO', 'CT', 'XB', 'TN', 'CS', 'XN', 'MS',
  'XD', 'QN', 'CA', 'CY', 'CC', 'CK', 'CB', 'KC', 'HD', 'BT', 'HN', 'DT', 'DK', 'TS', 'TC', 'TQ',
  'TA', 'TY', 'HG', 'LS', 'PV', 'TE', 'CN', 'HS', 'SV', 'GB', 'GD', 'NK', 'TL', 'XV',
]);

/** Weights of digits 1-9 of an enterprise (tax) code, as implemented by python-stdnum `vn.mst`. */
const ENTERPRISE_WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3] as const;

const DIGITS_12 = /^\d{12}$/;
const DIGITS_10 = /^\d{10}$/;
const ENTERPRISE = /^(\d{10})(?:-(\d{3}))?$/;
const HEALTH_CARD = /^([A-Z]{2})([1-5])(\d{2})(\d{10})$/;
const ORGAN_ID = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/;

/** What a personal identification number states about its holder. */
export interface PersonalIdParts {
  /** Legacy two-digit province code of the place where the birth was registered. */
  readonly provinceCode: string;
  readonly sex: 'MALE' | 'FEMALE';
  readonly birthYear: number;
}

/**
 * Splits a personal identification number (số định danh cá nhân) into what it encodes:
 * province of birth registration, sex and year of birth (century/gender digit: 0/1 = 1900s,
 * 2/3 = 2000s, …). Returns undefined for a string that is not a plausible number as of `today`.
 */
export function parsePersonalId(
  value: string,
  today: Date = new Date(),
): PersonalIdParts | undefined {
  if (!DIGITS_12.test(value) || value[0] !== '0') {
    return undefined;
  }
  const provinceCode = value.slice(1, 3);
  if (LEGACY_PROVINCES[provinceCode] === undefined) {
    return undefined;
  }
  const centuryGender = Number(value[3]);
  const birthYear = 1900 + Math.floor(centuryGender / 2) * 100 + Number(value.slice(4, 6));
  if (birthYear > today.getUTCFullYear()) {
    return undefined;
  }
  return { provinceCode, sex: centuryGender % 2 === 0 ? 'MALE' : 'FEMALE', birthYear };
}

/**
 * Whether a string is a plausible personal identification number: 12 digits, a known legacy
 * province code, and a century/gender digit giving a birth year not after `today`. There is no
 * check digit (the last six digits are random), so this is a format check only.
 */
export function isPersonalId(value: string, today: Date = new Date()): boolean {
  return parsePersonalId(value, today) !== undefined;
}

/**
 * Check digit of an enterprise code from its first nine digits, or undefined when the rule
 * yields 10 (no valid code exists for that prefix).
 */
export function enterpriseCheckDigit(firstNine: string): number | undefined {
  if (!/^\d{9}$/.test(firstNine)) {
    return undefined;
  }
  let sum = 0;
  for (let i = 0; i < 9; i += 1) {
    sum += Number(firstNine[i]) * ENTERPRISE_WEIGHTS[i];
  }
  const check = 10 - (sum % 11);
  return check === 10 ? undefined : check;
}

/**
 * Whether a string is an enterprise code (mã số doanh nghiệp = tax code): 10 digits whose last is
 * the check digit, province part not "00", sequence not "0000000"; or a branch code of those ten
 * digits, "-" and a suffix 001-999.
 */
export function isEnterpriseCode(value: string): boolean {
  const match = ENTERPRISE.exec(value);
  if (!match) {
    return false;
  }
  const [, parent, suffix] = match as unknown as [string, string, string | undefined];
  if (parent.startsWith('00') || parent.slice(2, 9) === '0000000' || suffix === '000') {
    return false;
  }
  return enterpriseCheckDigit(parent.slice(0, 9)) === Number(parent[9]);
}

/** Whether a string is a social-insurance number (mã số BHXH): 10 digits, not all zero. */
export function isSocialInsuranceNumber(value: string): boolean {
  return DIGITS_10.test(value) && value !== '0000000000';
}

/**
 * Whether a string is a 15-character health-insurance card code: known beneficiary group,
 * benefit level 1-5, two-digit province of the issuing office, and a social-insurance number.
 */
export function isHealthInsuranceCardCode(value: string): boolean {
  const match = HEALTH_CARD.exec(value);
  return (
    match !== null && HEALTH_INSURANCE_GROUPS.has(match[1]) && isSocialInsuranceNumber(match[4])
  );
}

/** Whether a string is a QCVN 102 agency code such as `000.00.00.G22` (levels 4.3.2.1). */
export function isOrganId(value: string): boolean {
  return ORGAN_ID.test(value);
}

/** The ajv format names registered by {@link addVietnameseFormats}. */
export const VIETNAMESE_FORMATS = Object.freeze({
  'vn-personal-id': (value: string) => isPersonalId(value),
  'vn-enterprise-code': isEnterpriseCode,
  'vn-social-insurance-number': isSocialInsuranceNumber,
  'vn-health-insurance-card': isHealthInsuranceCardCode,
  'vn-organ-id': isOrganId,
});

/** Registers the Vietnamese identifier formats on an ajv instance and returns it. */
export function addVietnameseFormats<T extends Ajv>(ajv: T): T {
  for (const [name, validate] of Object.entries(VIETNAMESE_FORMATS)) {
    ajv.addFormat(name, { type: 'string', validate });
  }
  return ajv;
}
