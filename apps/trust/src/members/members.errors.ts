import { defineErrorArea } from '@lienthong/errors';

/** Rejections of member and subsystem registration. */
export const MembersErrorCode = {
  TRUST_MEMBER_EXISTS: { httpStatus: 409, retryable: false, title: 'Member already exists' },
  TRUST_MEMBER_NOT_FOUND: { httpStatus: 404, retryable: false, title: 'Member not found' },
  TRUST_SUBSYSTEM_EXISTS: {
    httpStatus: 409,
    retryable: false,
    title: 'Subsystem already exists',
  },
} as const;

/** Error of the members area. */
export class MembersError extends defineErrorArea('MembersError', MembersErrorCode) {}
