export {
  IssuerTrust,
  type ClaimMapping,
  type TokenIssuer,
  type TokenPrincipal,
} from './issuer-trust';
