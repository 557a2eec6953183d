import { REVOCATION_REASONS } from './certificate.entity';

/** Body of `POST /v1/certificates`: the CSR and the subsystem it is for. */
export class IssueCertificateBody {
  static readonly schema = {
    type: 'object',
    additionalProperties: false,
    required: ['member', 'subsystem', 'csr'],
    properties: {
      member: { type: 'string', pattern: '^[A-Z][A-Z0-9]{1,15}$' },
      subsystem: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,31}$' },
      csr: {
        type: 'string',
        maxLength: 16384,
        pattern: '^-----BEGIN CERTIFICATE REQUEST-----',
      },
    },
  };

  member!: string;
  subsystem!: string;
  csr!: string;
}

/** Body of `POST /v1/certificates/{thumbprint}/revoke`. */
export class RevokeCertificateBody {
  static readonly schema = {
    type: 'object',
    additionalProperties: false,
    required: ['reason'],
    properties: {
      reason: { type: 'string', enum: [...REVOCATION_REASONS] },
      note: {
        description: 'The operator’s own words on why; kept in the registry, not published.',
        type: 'string',
        minLength: 1,
        maxLength: 512,
        pattern: '\\S',
      },
    },
  };

  reason!: (typeof REVOCATION_REASONS)[number];
  note?: string;
}

/** A certificate as the API returns it. */
export interface CertificateView {
  readonly thumbprint: string;
  readonly member: string;
  readonly subsystem: string;
  readonly serialNumber: string;
  readonly pem: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly status: string;
  readonly revokedAt: string | null;
  readonly reason: string | null;
  /** Who revoked it (operator token subject); null when active or revoked before this was kept. */
  readonly revokedBy: string | null;
  /** The operator's note on the revocation, if any. */
  readonly note: string | null;
}

/** OpenAPI schema of {@link CertificateView}. */
export const CERTIFICATE_VIEW_SCHEMA = {
  type: 'object',
  required: [
    'thumbprint',
    'member',
    'subsystem',
    'serialNumber',
    'pem',
    'notBefore',
    'notAfter',
    'status',
    'revokedAt',
    'reason',
    'revokedBy',
    'note',
  ],
  properties: {
    thumbprint: { type: 'string', description: 'base64url SHA-256 of the DER certificate' },
    member: { type: 'string' },
    subsystem: { type: 'string' },
    serialNumber: { type: 'string' },
    pem: { type: 'string' },
    notBefore: { type: 'string', format: 'date-time' },
    notAfter: { type: 'string', format: 'date-time' },
    status: { type: 'string', enum: ['active', 'revoked'] },
    revokedAt: { type: 'string', format: 'date-time', nullable: true },
    reason: { type: 'string', enum: [...REVOCATION_REASONS, null], nullable: true },
    revokedBy: { type: 'string', nullable: true },
    note: { type: 'string', nullable: true },
  },
};
