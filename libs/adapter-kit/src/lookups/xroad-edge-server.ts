import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Server } from 'node:https';

/** Holds the X-Road edge's TLS listener so that it closes with the adapter. */
@Injectable()
export class XRoadEdgeServer implements OnApplicationShutdown {
  private server?: Server;

  attach(server: Server): void {
    this.server = server;
  }

  /** The port it listens on (tests start it on port 0). */
  get port(): number | undefined {
    const address = this.server?.address();
    return address && typeof address === 'object' ? address.port : undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }
}
