import i18next from 'i18next';

const ZONE = 'Asia/Ho_Chi_Minh';

function locale(): string {
  return i18next.language === 'en' ? 'en-GB' : 'vi-VN';
}

/** A calendar date `YYYY-MM-DD` (or partial `YYYY-MM`, `YYYY`) as Vietnamese write it: 14/03/1985. */
export function formatDate(value: string | null | undefined): string {
  if (!value) {
    return '—';
  }
  const [year, month, day] = value.split('-');
  if (day) {
    return `${day.slice(0, 2)}/${month}/${year}`;
  }
  return month ? `${month}/${year}` : (year ?? value);
}

/** An instant in Vietnam time: 07/12/2026 14:05:09. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) {
    return '—';
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    return value;
  }
  return new Intl.DateTimeFormat(locale(), {
    timeZone: ZONE,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(date);
}

/**
 * An address as Vietnamese write it, from the smallest unit to the largest, comma-separated
 * (số nhà, đường, xã/phường, tỉnh/thành phố); the commune code follows in brackets.
 */
export function formatAddress(address: string | undefined, communeCode?: string): string {
  if (!address) {
    return '—';
  }
  return communeCode ? `${address} (mã xã ${communeCode})` : address;
}
