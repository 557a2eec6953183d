// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata API
// loaded first; NestJS apps load the same polyfill, so this adds nothing to them.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

// @peculiar/x509 needs a WebCrypto provider; node's is native, so certificate and CSR
// signatures run in OpenSSL instead of JavaScript. Set once, when the first pki module loads.
x509.cryptoProvider.set(webcrypto);

/** The configured @peculiar/x509 module; import it from here so the provider is always set. */
export { x509 };
