import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { WITNESS_STATE } from './witness.constants';
import type { WitnessState } from './witness-state';

/**
 * `/health/witness`: 200 while this adapter cosigns the audit log's checkpoints normally, 503
 * once it refused one as a rollback or fork (or could not start its consumer). Kept apart from
 * `/health`: the adapter itself still works, so an orchestrator must not restart it, but the
 * audit log's operators must be alerted.
 */
@ApiExcludeController()
@Controller()
export class WitnessHealthController {
  constructor(@Inject(WITNESS_STATE) private readonly state: WitnessState) {}

  @Get('health/witness')
  witness(@Res() response: Response): void {
    const status = this.state.status();
    const ok = status.ok && status.consumer === 'running';
    response.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'error', witness: status });
  }
}
