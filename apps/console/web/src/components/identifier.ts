// The identifier rules of libs/schema, shared with the server (a browser-safe module of that lib;
// its index also loads ajv, which the page does not need).
import {
  LEGACY_PROVINCES,
  isEnterpriseCode,
  isSocialInsuranceNumber,
  parsePersonalId,
} from '../../../../../libs/schema/src/vn-identifiers';

/** Where a typed identifier stands, with the message key that says why. */
export interface IdentifierCheck {
  readonly state: 'empty' | 'incomplete' | 'invalid' | 'valid';
  readonly message?: string;
  readonly params?: Record<string, string | number>;
}

/**
 * Checks a personal id as it is typed: 12 digits, a known province code (digits 2–3 after the
 * leading 0), a century/sex digit giving a birth year not in the future. A personal id has no
 * check digit (its last six digits are random, domain.md §2.1); an enterprise code has one.
 */
export function checkPersonalId(value: string, today = new Date()): IdentifierCheck {
  if (value === '') {
    return { state: 'empty' };
  }
  if (!/^\d*$/.test(value)) {
    return { state: 'invalid', message: 'identifier.digitsOnly' };
  }
  if (value.length >= 3) {
    if (value[0] !== '0' || LEGACY_PROVINCES[value.slice(1, 3)] === undefined) {
      return {
        state: 'invalid',
        message: 'identifier.province',
        params: { code: value.slice(0, 3) },
      };
    }
  }
  if (value.length < 12) {
    return {
      state: 'incomplete',
      message: 'identifier.missingDigits',
      params: { count: 12 - value.length },
    };
  }
  if (value.length > 12) {
    return { state: 'invalid', message: 'identifier.tooLong', params: { length: 12 } };
  }
  const parts = parsePersonalId(value, today);
  if (!parts) {
    return { state: 'invalid', message: 'identifier.century' };
  }
  return {
    state: 'valid',
    message: 'identifier.personalIdOk',
    params: {
      province: LEGACY_PROVINCES[parts.provinceCode] ?? '',
      year: parts.birthYear,
      sex: parts.sex,
    },
  };
}

/** An enterprise code: 10 digits whose last is the check digit (or a branch: -001…999). */
export function checkEnterpriseCode(value: string): IdentifierCheck {
  if (value === '') {
    return { state: 'empty' };
  }
  if (!/^[\d-]*$/.test(value)) {
    return { state: 'invalid', message: 'identifier.digitsOnly' };
  }
  if (value.length < 10) {
    return {
      state: 'incomplete',
      message: 'identifier.missingDigits',
      params: { count: 10 - value.length },
    };
  }
  return isEnterpriseCode(value)
    ? { state: 'valid', message: 'identifier.enterpriseOk' }
    : { state: 'invalid', message: 'identifier.checkDigit' };
}

/** A social-insurance number: 10 digits, not all zero. */
export function checkSocialInsuranceNumber(value: string): IdentifierCheck {
  if (value === '') {
    return { state: 'empty' };
  }
  if (!/^\d*$/.test(value)) {
    return { state: 'invalid', message: 'identifier.digitsOnly' };
  }
  if (value.length < 10) {
    return {
      state: 'incomplete',
      message: 'identifier.missingDigits',
      params: { count: 10 - value.length },
    };
  }
  return isSocialInsuranceNumber(value)
    ? { state: 'valid' }
    : { state: 'invalid', message: 'identifier.tooLong', params: { length: 10 } };
}

/** The check for a query field of the catalog. */
export function checkerFor(field: string | undefined): (value: string) => IdentifierCheck {
  switch (field ?? 'personalId') {
    case 'enterpriseCode':
      return checkEnterpriseCode;
    case 'socialInsuranceNumber':
      return checkSocialInsuranceNumber;
    default:
      return (value) => checkPersonalId(value);
  }
}
