export { canonicalJson, canonicalText } from './canonical-json';
export { signerKeysFromCa, type SignerKeyResolver, type TrustedSignerKey } from './ca-trust';
export {
  generateKeyPair,
  isSigningAlgorithm,
  SIGNING_ALGORITHMS,
  type SigningAlgorithm,
} from './algorithms';
export {
  normalizeSerialNumber,
  parseCertificate,
  thumbprintOf,
  type CertificateInfo,
} from './certificate';
export {
  CertificateAuthority,
  type CertificateAuthorityPem,
  type CreateIssuingCaInput,
  type CreateRootCaInput,
  type IssueFromCsrInput,
  type IssueTlsInput,
  type TlsKeyPair,
} from './certificate-authority';
export { createCsr, readCsr, type CreateCsrInput, type VerifiedCsr } from './csr';
export {
  MEMBER_CODE_PATTERN,
  SUBSYSTEM_CODE_PATTERN,
  type MemberIdentity,
} from './member-identity';
export { derToP1363, p1363ToDer, P256_SCALAR_BYTES } from './ecdsa-encoding';
export { PkiError, PkiErrorCode } from './pki.errors';
export { exportPrivateKeyPem, importPrivateKeyPem, writePrivateKeyFile } from './private-key';
export { verifyDetachedJws, type VerifiedJws, type VerifyDetachedJwsOptions } from './jws';
export { verifyRawSignature } from './raw-signature';
export { Signer, type SignerKeyInput, type SignerPemInput } from './signer';
export {
  TrustStore,
  type MemberSuspension,
  type Revocation,
  type TrustStoreInput,
} from './trust-store';
export { importPkcs12, type Pkcs12Contents } from './pkcs12';
export { createTlsCertificate, type CreateTlsCertificateInput } from './tls-certificate';
