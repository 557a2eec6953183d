import { TrustStore, verifyDetachedJws, canonicalJson } from '@lienthong/pki';

/** The evidence object of a look-up answer (libs/adapter-kit LookupEvidence). */
interface LookupEvidenceFile {
  readonly provider?: { member: string; subsystem: string };
  readonly response?: { body?: string; encoding?: string; signature?: string };
  readonly certificates?: string[];
}

/** What an offline check of look-up evidence established. */
export interface LookupEvidenceReport {
  readonly provider: string;
  readonly messageId: string;
  readonly type: string;
  readonly issuedAt: string;
  readonly certificate: string;
  readonly payload: unknown;
}

/**
 * Verifies the provider's signed response in a look-up evidence object with the bus root CA
 * certificate alone: the signature over the exact bytes, the certificate chain to the root at the
 * time of signing, the signer being the claimed provider, and the canonical form of the bytes.
 */
export async function verifyLookupEvidence(
  input: unknown,
  caPem: string,
): Promise<LookupEvidenceReport> {
  const evidence = ((input as { evidence?: unknown })?.evidence ?? input) as LookupEvidenceFile;
  const { response, certificates } = evidence;
  if (
    !response?.body ||
    response.encoding !== 'base64url' ||
    !response.signature ||
    !certificates?.length
  ) {
    throw new Error(
      'EVIDENCE_MALFORMED: expected response.body (base64url), response.signature and certificates',
    );
  }
  const bytes = Buffer.from(response.body, 'base64url');
  let body: {
    id: string;
    type: string;
    issuedAt: string;
    sender: { member: string; subsystem: string };
    payload: unknown;
  };
  try {
    body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as typeof body;
  } catch {
    throw new Error('EVIDENCE_MALFORMED: the signed response is not JSON');
  }
  const [leaf, ...intermediates] = certificates;
  const trustStore = new TrustStore({
    anchors: [caPem],
    intermediates,
    certificates: [leaf],
  });
  // The certificate must have been valid when the provider signed, not necessarily today.
  const { certificate } = await verifyDetachedJws(response.signature, bytes, trustStore, {
    at: new Date(body.issuedAt),
  });
  if (!canonicalJson(body).equals(bytes)) {
    throw new Error('EVIDENCE_NOT_CANONICAL: the signed bytes are not in canonical form');
  }
  const signer = certificate.identity;
  if (
    !signer ||
    signer.member !== body.sender.member ||
    signer.subsystem !== body.sender.subsystem
  ) {
    throw new Error(
      'EVIDENCE_SENDER_MISMATCH: the certificate does not belong to the sender named in the response',
    );
  }
  return {
    provider: `${signer.member}/${signer.subsystem}`,
    messageId: body.id,
    type: body.type,
    issuedAt: body.issuedAt,
    certificate: certificate.thumbprint,
    payload: body.payload,
  };
}
