import { Pool, TypeOverrides, type PoolClient } from 'pg';
import { ProviderError } from '@lienthong/adapter-kit';

/** Type oids whose text pg would turn into a JavaScript Date (in the process's time zone). */
const DATE_TYPES = new Set([1082, 1083, 1114, 1184, 1266]);

/** How the agency's own PostgreSQL is reached. */
export interface SqlBackendOptions {
  readonly name: string;
  readonly url: string;
  readonly timeoutMs: number;
  readonly maxConnections: number;
}

/**
 * Read-only access to an agency's own PostgreSQL. Every query runs in a `READ ONLY` transaction with
 * a statement timeout and is rolled back, so no statement can write or leave a setting behind; its
 * values are bound as parameters (one statement, extended protocol), never spliced into the text.
 * Dates stay the strings PostgreSQL wrote. The account should also hold nothing but SELECT.
 */
export class SqlBackend {
  private readonly pool: Pool;

  constructor(private readonly options: SqlBackendOptions) {
    this.pool = new Pool({
      connectionString: options.url,
      max: options.maxConnections,
      connectionTimeoutMillis: options.timeoutMs,
      application_name: `lienthong-backend-${options.name}`,
      types: dateTypesAsText(),
    });
    // an idle connection that breaks is replaced on the next query; it must not crash the adapter
    this.pool.on('error', () => undefined);
  }

  get name(): string {
    return this.options.name;
  }

  async select(sql: string, values: readonly unknown[]): Promise<Record<string, unknown>[]> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw this.unavailable('could not be reached', error);
    }
    let broken = false;
    try {
      await client.query(
        `BEGIN TRANSACTION READ ONLY; SET LOCAL statement_timeout = ${Math.trunc(this.options.timeoutMs)}`,
      );
      const result = await client.query<Record<string, unknown>>({
        text: sql,
        values: [...values],
      });
      return result.rows;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      // 57014 query_canceled (the statement timeout); 08xxx connection exceptions; 53xxx resources
      if (code === '57014' || (typeof code === 'string' && /^(08|53|57P)/.test(code))) {
        throw this.unavailable(`failed (${code})`, error);
      }
      broken = typeof code !== 'string';
      if (broken) {
        throw this.unavailable('lost its connection', error);
      }
      throw new ProviderError(
        'PROVIDER_ANSWER_INVALID',
        `back end ${this.name} refused the configured query (${String(code)})`,
        { cause: error, details: { backend: this.name, sqlState: code } },
      );
    } finally {
      if (!broken) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
      }
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private unavailable(reason: string, cause: unknown): ProviderError {
    return new ProviderError('PROVIDER_UNAVAILABLE', `back end ${this.name} ${reason}`, {
      cause,
      details: { backend: this.name },
    });
  }
}

function dateTypesAsText(): TypeOverrides {
  const overrides = new TypeOverrides();
  for (const oid of DATE_TYPES) {
    overrides.setTypeParser(oid, 'text', (value: string) => value);
  }
  return overrides;
}
