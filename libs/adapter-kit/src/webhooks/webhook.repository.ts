import { Injectable } from '@nestjs/common';
import { TransactionRunner, type PersistenceContext } from '@lienthong/persistence';

/** A registered receiver. */
export interface WebhookEndpoint {
  readonly id: string;
  readonly url: string;
  readonly topics: readonly string[];
  readonly description: string | null;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly removedAt: Date | null;
}

/** Where a delivery stands. */
export type WebhookDeliveryState = 'pending' | 'delivered' | 'dead';

/** A delivery as the operator sees it (without its body). */
export interface WebhookDeliveryView {
  readonly id: string;
  readonly endpointId: string;
  readonly topic: string;
  readonly state: WebhookDeliveryState;
  readonly createdAt: Date;
  readonly attempts: number;
  readonly nextAttemptAt: Date | null;
  readonly lastAttemptAt: Date | null;
  readonly lastStatus: number | null;
  readonly lastError: string | null;
  readonly deliveredAt: Date | null;
  readonly deadAt: Date | null;
}

/** A delivery claimed by the relay for one attempt. */
export interface ClaimedDelivery {
  readonly id: string;
  readonly topic: string;
  readonly body: Buffer;
  readonly attempts: number;
  readonly url: string;
}

/** One new delivery row. */
export interface NewDelivery {
  readonly id: string;
  readonly endpointId: string;
  readonly topic: string;
  readonly body: Buffer;
}

interface EndpointRow {
  id: string;
  url: string;
  topics: string[];
  description: string | null;
  created_by: string;
  created_at: Date;
  removed_at: Date | null;
}

interface DeliveryRow {
  id: string;
  endpoint_id: string;
  topic: string;
  created_at: Date;
  attempts: number;
  next_attempt_at: Date;
  last_attempt_at: Date | null;
  last_status: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  dead_at: Date | null;
}

const DELIVERY_COLUMNS = `id, endpoint_id, topic, created_at, attempts, next_attempt_at,
  last_attempt_at, last_status, last_error, delivered_at, dead_at`;

/** The webhook tables, in plain SQL (one statement per use). */
@Injectable()
export class WebhookRepository {
  constructor(private readonly runner: TransactionRunner) {}

  private manager(ctx: PersistenceContext) {
    return ctx.entityManager ?? this.runner.dataSource.manager;
  }

  async addEndpoint(
    ctx: PersistenceContext,
    endpoint: Omit<WebhookEndpoint, 'createdAt' | 'removedAt'>,
  ): Promise<WebhookEndpoint> {
    const [row] = await this.manager(ctx).query<EndpointRow[]>(
      `INSERT INTO webhook_endpoint (id, url, topics, description, created_by)
       VALUES ($1, $2, $3, $4, $5) RETURNING *`,
      [endpoint.id, endpoint.url, endpoint.topics, endpoint.description, endpoint.createdBy],
    );
    return toEndpoint(row);
  }

  /** Endpoints, the removed ones too when `all`. */
  async endpoints(ctx: PersistenceContext, all = false): Promise<WebhookEndpoint[]> {
    const rows = await this.manager(ctx).query<EndpointRow[]>(
      `SELECT * FROM webhook_endpoint ${all ? '' : 'WHERE removed_at IS NULL'} ORDER BY created_at, id`,
    );
    return rows.map(toEndpoint);
  }

  /** Ids of the active endpoints that take `topic`. */
  async endpointsFor(ctx: PersistenceContext, topic: string): Promise<string[]> {
    const rows = await this.manager(ctx).query<{ id: string }[]>(
      `SELECT id FROM webhook_endpoint WHERE removed_at IS NULL AND $1 = ANY (topics) ORDER BY id`,
      [topic],
    );
    return rows.map((row) => row.id);
  }

  /** Marks an endpoint removed: nothing more is queued or attempted for it. False if unknown. */
  async removeEndpoint(ctx: PersistenceContext, id: string): Promise<boolean> {
    const rows = await this.manager(ctx).query<{ id: string }[]>(
      `WITH removed AS (
         UPDATE webhook_endpoint SET removed_at = now() WHERE id = $1 AND removed_at IS NULL
         RETURNING id)
       SELECT id FROM removed`,
      [id],
    );
    return rows.length > 0;
  }

  async insertDeliveries(ctx: PersistenceContext, rows: readonly NewDelivery[]): Promise<void> {
    await this.manager(ctx).query(
      `INSERT INTO webhook_delivery (id, endpoint_id, topic, body)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::varchar[], $4::bytea[])`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.endpointId),
        rows.map((r) => r.topic),
        rows.map((r) => r.body),
      ],
    );
  }

  /**
   * Claims up to `limit` due deliveries of active endpoints for one attempt: their next attempt
   * moves `leaseSeconds` ahead, so a relay that dies mid-attempt leaves them to be tried again
   * then, and replicas skip rows another one is claiming.
   */
  async claimDue(limit: number, leaseSeconds: number): Promise<ClaimedDelivery[]> {
    return this.runner.dataSource.query<ClaimedDelivery[]>(
      // a CTE around the UPDATE: TypeORM returns [rows, count] for a bare UPDATE ... RETURNING
      `WITH due AS (
         SELECT d.id FROM webhook_delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id
         WHERE d.delivered_at IS NULL AND d.dead_at IS NULL AND d.next_attempt_at <= now()
           AND e.removed_at IS NULL
         ORDER BY d.next_attempt_at, d.id LIMIT $1
         FOR UPDATE OF d SKIP LOCKED),
       claimed AS (
         UPDATE webhook_delivery d SET next_attempt_at = now() + make_interval(secs => $2)
         FROM due, webhook_endpoint e WHERE d.id = due.id AND e.id = d.endpoint_id
         RETURNING d.id, d.topic, d.body, d.attempts, e.url)
       SELECT * FROM claimed`,
      [limit, leaseSeconds],
    );
  }

  async markDelivered(id: string, status: number): Promise<void> {
    await this.runner.dataSource.query(
      `UPDATE webhook_delivery SET delivered_at = now(), attempts = attempts + 1,
         last_attempt_at = now(), last_status = $2, last_error = NULL
       WHERE id = $1 AND delivered_at IS NULL`,
      [id, status],
    );
  }

  /** Records a failed attempt; dead-letters the delivery when `dead`. */
  async markFailed(input: {
    id: string;
    status: number | null;
    error: string;
    retryInMs: number;
    dead: boolean;
  }): Promise<void> {
    await this.runner.dataSource.query(
      `UPDATE webhook_delivery SET attempts = attempts + 1, last_attempt_at = now(),
         last_status = $2, last_error = $3,
         next_attempt_at = now() + make_interval(secs => $4::double precision / 1000),
         dead_at = CASE WHEN $5 THEN now() END
       WHERE id = $1 AND delivered_at IS NULL`,
      [input.id, input.status, input.error.slice(0, 1000), input.retryInMs, input.dead],
    );
  }

  async deliveries(
    ctx: PersistenceContext,
    filter: { state?: WebhookDeliveryState; endpointId?: string; limit: number; offset: number },
  ): Promise<{ items: WebhookDeliveryView[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.state) {
      where.push(STATE_CONDITION[filter.state]);
    }
    if (filter.endpointId) {
      params.push(filter.endpointId);
      where.push(`endpoint_id = $${params.length}`);
    }
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const [count] = await this.manager(ctx).query<{ n: string }[]>(
      `SELECT count(*) AS n FROM webhook_delivery ${clause}`,
      params,
    );
    const rows = await this.manager(ctx).query<DeliveryRow[]>(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_delivery ${clause}
       ORDER BY created_at DESC, id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, filter.limit, filter.offset],
    );
    return { items: rows.map(toDelivery), total: Number(count?.n ?? 0) };
  }

  async delivery(ctx: PersistenceContext, id: string): Promise<WebhookDeliveryView | undefined> {
    const [row] = await this.manager(ctx).query<DeliveryRow[]>(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_delivery WHERE id = $1`,
      [id],
    );
    return row ? toDelivery(row) : undefined;
  }

  /** Puts a dead-lettered delivery back in the queue, due now, with a fresh attempt budget. */
  async revive(ctx: PersistenceContext, id: string): Promise<boolean> {
    const rows = await this.manager(ctx).query<{ id: string }[]>(
      `WITH revived AS (
         UPDATE webhook_delivery SET dead_at = NULL, attempts = 0, next_attempt_at = now()
         WHERE id = $1 AND dead_at IS NOT NULL RETURNING id)
       SELECT id FROM revived`,
      [id],
    );
    return rows.length > 0;
  }

  /** Deliveries neither delivered nor dead-lettered. */
  async pending(): Promise<number> {
    const [row] = await this.runner.dataSource.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM webhook_delivery WHERE delivered_at IS NULL AND dead_at IS NULL`,
    );
    return Number(row?.n ?? 0);
  }
}

const STATE_CONDITION: Record<WebhookDeliveryState, string> = {
  pending: 'delivered_at IS NULL AND dead_at IS NULL',
  delivered: 'delivered_at IS NOT NULL',
  dead: 'dead_at IS NOT NULL',
};

function toEndpoint(row: EndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    topics: row.topics,
    description: row.description,
    createdBy: row.created_by,
    createdAt: row.created_at,
    removedAt: row.removed_at,
  };
}

function toDelivery(row: DeliveryRow): WebhookDeliveryView {
  const state: WebhookDeliveryState = row.delivered_at
    ? 'delivered'
    : row.dead_at
      ? 'dead'
      : 'pending';
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    topic: row.topic,
    state,
    createdAt: row.created_at,
    attempts: row.attempts,
    nextAttemptAt: state === 'pending' ? row.next_attempt_at : null,
    lastAttemptAt: row.last_attempt_at,
    lastStatus: row.last_status,
    lastError: row.last_error,
    deliveredAt: row.delivered_at,
    deadAt: row.dead_at,
  };
}
