import {
  Controller,
  Get,
  Header,
  Inject,
  type OnModuleDestroy,
  type OnModuleInit,
  Res,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Response } from 'express';
import { type DataSource } from 'typeorm';
import { DATA_SOURCE } from '@lienthong/persistence';
import { metrics, setCertificateExpiry, setConfiguration } from '@lienthong/telemetry';
import { HEALTH_PROBES, type HealthProbes } from './health.constants';

/** Health report: each dependency and the age of the published configuration. */
interface HealthReport {
  readonly status: 'ok' | 'degraded';
  readonly db: 'up' | 'down';
  readonly nats: 'up' | 'down';
  readonly lastPublishAgeSeconds: number | null;
}

/** `/health` (503 when anything is wrong) and `/metrics` (Prometheus text). */
@ApiTags('health')
@Controller()
export class TrustHealthController implements OnModuleInit, OnModuleDestroy {
  private stopScrape?: () => void;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(HEALTH_PROBES) private readonly probes: HealthProbes,
  ) {}

  /** Before each scrape: the configuration last published and the certificates' expiry. */
  onModuleInit(): void {
    this.stopScrape = metrics.onScrape('configuration', () => {
      setConfiguration(this.probes.published());
      for (const { name, notAfter } of this.probes.certificates()) {
        setCertificateExpiry(name, notAfter);
      }
    });
  }

  onModuleDestroy(): void {
    this.stopScrape?.();
  }

  /** Reports db, nats and configuration freshness. */
  @Get('health')
  async health(@Res({ passthrough: true }) response: Response): Promise<HealthReport> {
    const db = await this.dataSource
      .query('SELECT 1')
      .then(() => 'up' as const)
      .catch(() => 'down' as const);
    const nats = this.probes.natsConnected() ? 'up' : 'down';
    const last = this.probes.lastPublishedAt();
    const age = last === undefined ? null : Math.round((Date.now() - last.getTime()) / 1000);
    const fresh = age !== null && age <= this.probes.staleAfterSeconds;
    const status = db === 'up' && nats === 'up' && fresh ? 'ok' : 'degraded';
    response.status(status === 'ok' ? 200 : 503);
    return { status, db, nats, lastPublishAgeSeconds: age };
  }

  /** Prometheus metrics of this process. */
  @Get('metrics')
  @Header('Content-Type', metrics.contentType)
  metrics(): Promise<string> {
    return metrics.metricsText();
  }
}
