import { defineErrorArea } from '@lienthong/errors';

/** Rejections of member and subsystem registration, suspension and reinstatement. */
export const MembersErrorCode = {
  TRUST_MEMBER_EXISTS: { httpStatus: 409, retryable: false, title: 'Member already exists' },
  TRUST_MEMBER_NOT_FOUND: { httpStatus: 404, retryable: false, title: 'Member not found' },
  TRUST_MEMBER_ALREADY_SUSPENDED: {
    httpStatus: 409,
    retryable: false,
    title: 'Member is already suspended',
  },
  TRUST_MEMBER_NOT_SUSPENDED: {
    httpStatus: 409,
    retryable: false,
    title: 'Member is not suspended',
  },
  TRUST_MEMBER_SUSPENSION_FORBIDDEN: {
    httpStatus: 422,
    retryable: false,
    title: 'The trust service itself cannot be suspended',
  },
  TRUST_MEMBER_SUSPENSION_END_INVALID: {
    httpStatus: 400,
    retryable: false,
    title: 'A suspension must end in the future',
  },
  TRUST_SUBSYSTEM_EXISTS: {
    httpStatus: 409,
    retryable: false,
    title: 'Subsystem already exists',
  },
} as const;

/** Error of the members area. */
export class MembersError extends defineErrorArea('MembersError', MembersErrorCode) {}
