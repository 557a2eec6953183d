import { randomBytes } from 'node:crypto';

/** The shape of messaging's `BusNamespace`: the roots every subject and stream name derives from. */
export interface TestNamespace {
  /** Lower-case subject root, e.g. `t4k2x9q1m` instead of `lt`. */
  readonly subjectRoot: string;
  /** Upper-case stream/bucket prefix, e.g. `T4K2X9Q1M` instead of `LT`. */
  readonly streamPrefix: string;
}

/**
 * A random lower-case alphanumeric token (10 characters, about 51 bits), valid in NATS subjects,
 * stream names and SQL identifiers, so parallel test files and reruns never share a name.
 */
export function uniqueSuffix(): string {
  const bytes = randomBytes(10);
  return Array.from(bytes, (b) => (b % 36).toString(36)).join('');
}

/** A namespace of subjects and streams no other test file uses. */
export function testNamespace(suffix: string = uniqueSuffix()): TestNamespace {
  return { subjectRoot: `t${suffix}`, streamPrefix: `T${suffix.toUpperCase()}` };
}
