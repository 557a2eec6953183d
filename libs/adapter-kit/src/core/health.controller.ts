import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '@lienthong/persistence';
import { metrics } from '@lienthong/telemetry';
import { BusRuntime } from './bus-runtime';

/**
 * `/health`: green only when NATS is connected, the database answers and a verified, unexpired
 * global configuration is held (the adapter refuses to work otherwise). `/metrics`: Prometheus.
 */
@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(
    private readonly runtime: BusRuntime,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
  ) {}

  @Get('health')
  async health(@Res() response: Response): Promise<void> {
    const nats = !this.runtime.nats.isClosed();
    let database = false;
    try {
      await this.dataSource.query('SELECT 1');
      database = true;
    } catch {
      database = false;
    }
    const configuration = this.runtime.configuration.status();
    const ok = nats && database && configuration.ok;
    response.status(ok ? 200 : 503).json({
      status: ok ? 'ok' : 'error',
      member: this.runtime.agency.member,
      subsystem: this.runtime.agency.subsystem,
      checks: { nats: nats ? 'ok' : 'down', database: database ? 'ok' : 'down', configuration },
    });
  }

  @Get('metrics')
  @Header('Content-Type', metrics.contentType)
  metrics(): Promise<string> {
    return metrics.metricsText();
  }
}
