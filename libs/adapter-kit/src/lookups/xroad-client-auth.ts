import type { TLSSocket } from 'node:tls';
import type { Request } from 'express';
import type { Party } from '@lienthong/envelope';
import { toAppError } from '@lienthong/errors';
import { thumbprintOf } from '@lienthong/pki';
import type { VerifiedConfiguration } from '@lienthong/trust';
import { XROAD_MEMBER_CLASS, XRoadFault, type XRoadClientId } from './xroad-protocol';

/**
 * The calling system, from the TLS client certificate it proved it holds: a certificate the bus
 * CA issued to a subsystem of this adapter's member, registered in the global configuration,
 * valid now, not revoked, its member not suspended. Nothing else authenticates a system.
 */
export function authenticateClientSystem(
  req: Request,
  configuration: VerifiedConfiguration,
  member: string,
): Party {
  const socket = req.socket as Partial<TLSSocket>;
  const peer =
    typeof socket.getPeerX509Certificate === 'function'
      ? socket.getPeerX509Certificate()
      : undefined;
  if (!peer) {
    throw new XRoadFault(
      'Server.ClientProxy.SslAuthenticationFailed',
      'the calling system must present a TLS client certificate issued by the bus',
    );
  }
  try {
    // resolve() takes only a certificate registered in the global configuration, and checks
    // its chain to the bus CA, its validity now and its revocation
    const info = configuration.trustStore.resolve(thumbprintOf(peer.raw), new Date());
    const identity = info.identity;
    if (!identity || identity.member !== member) {
      throw new XRoadFault(
        'Server.ClientProxy.SslAuthenticationFailed',
        `only systems of ${member} call the bus through this adapter`,
      );
    }
    if (configuration.suspension(identity.member)) {
      throw new XRoadFault(
        'Server.ClientProxy.AccessDenied',
        'the member is suspended',
        'ENVELOPE_SENDER_SUSPENDED',
      );
    }
    return identity;
  } catch (error) {
    if (error instanceof XRoadFault) {
      throw error;
    }
    throw new XRoadFault(
      'Server.ClientProxy.SslAuthenticationFailed',
      'the client certificate is not one the bus trusts',
      toAppError(error).code,
    );
  }
}

/** `X-Road-Client` must name exactly the system that authenticated (never another). */
export function assertClientIsSystem(
  client: XRoadClientId,
  system: Party,
  configuration: VerifiedConfiguration,
): void {
  if (
    client.instance !== configuration.config.instance ||
    client.memberClass !== XROAD_MEMBER_CLASS ||
    client.memberCode !== system.member ||
    client.subsystemCode !== system.subsystem
  ) {
    throw new XRoadFault(
      'Server.ClientProxy.SslAuthenticationFailed',
      'X-Road-Client does not name the system its certificate belongs to',
    );
  }
}
