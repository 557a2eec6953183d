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
    properties: { reason: { type: 'string', enum: [...REVOCATION_REASONS] } },
  };

  reason!: (typeof REVOCATION_REASONS)[number];
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
}
