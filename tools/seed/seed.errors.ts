import { defineErrorArea } from '@lienthong/errors';

/** Codes raised by the registry seeder. */
export const SeedErrorCode = {
  SEED_OPTIONS_INVALID: { httpStatus: 400, retryable: false, title: 'Seed options are invalid' },
  SEED_MIXING_REFUSED: {
    httpStatus: 409,
    retryable: false,
    title: 'Registries already hold data from another seed or size',
  },
  SEED_TARGET_NOT_EMPTY: {
    httpStatus: 409,
    retryable: false,
    title: 'Registries hold data that no seed run wrote',
  },
} as const;

/** Error of the registry seeder. */
export class SeedError extends defineErrorArea('SeedError', SeedErrorCode) {}
