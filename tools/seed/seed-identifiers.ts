import { enterpriseCheckDigit } from '@lienthong/schema';

/**
 * Maps a counter to a scrambled serial in [0, modulus) without repeats: an affine map with a
 * multiplier coprime to the modulus is a bijection, so unique counters give unique serials while
 * the serials still look random.
 */
function scramble(counter: number, modulus: number, multiplier: number, offset: number): number {
  return (counter * multiplier + offset) % modulus;
}

/**
 * Hands out unique, well-formed Vietnamese identifiers for the synthetic population, in a fixed
 * order so that the same seed gives the same identifiers.
 */
export class IdentifierAllocator {
  private readonly personalCounters = new Map<string, number>();
  private insuranceCounter = 0;
  private enterpriseCounter = 0;

  /** @param offset seed-derived, so different seeds give different identifiers. */
  constructor(private readonly offset: number) {}

  /**
   * A personal id: "0" + legacy province of birth registration, the century/sex digit, two digits
   * of the birth year, then six digits unique within that prefix.
   */
  personalId(provinceCode: string, sex: 'MALE' | 'FEMALE', birthYear: number): string {
    const centurySex = (Math.floor(birthYear / 100) - 19) * 2 + (sex === 'FEMALE' ? 1 : 0);
    const prefix = `0${provinceCode}${centurySex}${String(birthYear % 100).padStart(2, '0')}`;
    const counter = this.personalCounters.get(prefix) ?? 0;
    this.personalCounters.set(prefix, counter + 1);
    const serial = scramble(counter, 1_000_000, 387_421, this.offset % 1_000_000);
    return `${prefix}${String(serial).padStart(6, '0')}`;
  }

  /** A 10-digit social-insurance number: issuing province + eight unique digits. */
  socialInsuranceNumber(provinceCode: string): string {
    const serial = scramble(this.insuranceCounter, 100_000_000, 48_271_117, this.offset);
    this.insuranceCounter += 1;
    return `${provinceCode}${String(serial).padStart(8, '0')}`;
  }

  /**
   * A 10-digit enterprise code with a valid check digit: province of first registration, a
   * unique seven-digit sequence (never 0000000), and the check digit; sequences whose check
   * digit would be 10 are skipped, as the registry does.
   */
  enterpriseCode(provinceCode: string): string {
    for (;;) {
      const sequence = scramble(this.enterpriseCounter, 10_000_000, 7_654_321, this.offset);
      this.enterpriseCounter += 1;
      const firstNine = `${provinceCode}${String(sequence).padStart(7, '0')}`;
      const check = enterpriseCheckDigit(firstNine);
      if (sequence !== 0 && check !== undefined) {
        return `${firstNine}${check}`;
      }
    }
  }
}
