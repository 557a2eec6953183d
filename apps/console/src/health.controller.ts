import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '@lienthong/persistence';
import { CommonError } from '@lienthong/errors';
import { metrics } from '@lienthong/telemetry';

/**
 * `/health`: the console is up when it can reach its session store. `/metrics`: Prometheus (the
 * process's own figures and the problems it answered, by code).
 */
@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  @Get('health')
  async health(): Promise<{ status: 'ok' }> {
    try {
      await this.dataSource.query('SELECT 1');
    } catch (error) {
      throw new CommonError('DEPENDENCY_UNAVAILABLE', 'the session store is not reachable', {
        cause: error,
      });
    }
    return { status: 'ok' };
  }

  @Get('metrics')
  @Header('Content-Type', metrics.contentType)
  metrics(): Promise<string> {
    return metrics.metricsText();
  }
}
