import { Controller, Get, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '@lienthong/persistence';
import { CommonError } from '@lienthong/errors';

/** `/health`: the console is up when it can reach its session store. */
@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  @Get()
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
}
