// real: PostgreSQL (TEST_DATABASE_URL), NestJS container. mock: nothing.
import { randomBytes } from 'node:crypto';
import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  Column,
  DataSource,
  Entity,
  PrimaryColumn,
  type MigrationInterface,
  type QueryRunner,
} from 'typeorm';
import {
  ContextRepository,
  DATA_SOURCE,
  PersistenceError,
  PersistenceModule,
  TransactionRunner,
  createDataSource,
  dropSchema,
  inTransaction,
  isForeignKeyViolation,
  isUniqueViolation,
  mapPersistenceError,
  runMigrations,
  violatedConstraint,
  type PersistenceContext,
} from '@lienthong/persistence';

@Entity({ name: 'note' })
class Note {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  body!: string;
}

class CreateNote1700000000000 implements MigrationInterface {
  name = 'CreateNote1700000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE note (id text CONSTRAINT note_pk PRIMARY KEY, body text NOT NULL)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE note');
  }
}

@Injectable()
class NoteRepository extends ContextRepository<Note> {
  constructor(runner: TransactionRunner) {
    super(runner, Note);
  }

  async add(ctx: PersistenceContext, note: { id: string; body: string }): Promise<void> {
    await this.repo(ctx).insert(note);
  }

  async count(ctx: PersistenceContext): Promise<number> {
    return this.repo(ctx).count();
  }
}

const url = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `persistence_${randomBytes(4).toString('hex')}`;

function config(overrides: Partial<{ url: string; schema: string }> = {}) {
  return {
    url,
    schema,
    entities: [Note],
    migrations: [CreateNote1700000000000],
    applicationName: 'persistence-int-spec',
    ...overrides,
  };
}

describe('persistence', () => {
  let dataSource: DataSource;
  let runner: TransactionRunner;
  let notes: NoteRepository;

  let firstRun: string[];

  beforeAll(async () => {
    dataSource = await createDataSource(config());
    firstRun = await runMigrations(dataSource);
    runner = new TransactionRunner(dataSource);
    notes = new NoteRepository(runner);
  });

  afterAll(async () => {
    await dropSchema(dataSource, schema);
    await dataSource.destroy();
  });

  beforeEach(async () => {
    await dataSource.query('TRUNCATE note CASCADE');
  });

  it('creates the schema, puts migrated tables in it and applies each migration once', async () => {
    const rows: { table_schema: string }[] = await dataSource.query(
      `SELECT table_schema FROM information_schema.tables WHERE table_name = 'note' AND table_schema = $1`,
      [schema],
    );
    expect(rows).toHaveLength(1);
    expect(firstRun).toEqual(['CreateNote1700000000000']);
    expect(await runMigrations(dataSource)).toEqual([]);
  });

  it('lets replicas that start together migrate one after the other', async () => {
    const fresh = `${schema}_replicas`;
    const replicas = await Promise.all(
      [1, 2, 3].map(() => createDataSource(config({ schema: fresh }))),
    );
    try {
      const applied = await Promise.all(replicas.map((replica) => runMigrations(replica)));
      expect(applied.flat()).toEqual(['CreateNote1700000000000']);
    } finally {
      await dropSchema(replicas[0], fresh);
      await Promise.all(replicas.map((replica) => replica.destroy()));
    }
  });

  it('commits every write of a context together', async () => {
    await runner.run({}, async (ctx) => {
      await notes.add(ctx, { id: 'a', body: 'one' });
      await notes.add(ctx, { id: 'b', body: 'two' });
    });
    expect(await notes.count({})).toBe(2);
  });

  it('rolls back every write of a context when the work throws', async () => {
    await expect(
      runner.run({}, async (ctx) => {
        await notes.add(ctx, { id: 'a', body: 'one' });
        throw new Error('handler failed after its first write');
      }),
    ).rejects.toThrow('handler failed');
    expect(await notes.count({})).toBe(0);
  });

  it('joins the caller transaction instead of committing a nested one', async () => {
    await expect(
      runner.run({}, async (outer) => {
        await runner.run(outer, (inner) => notes.add(inner, { id: 'a', body: 'inner' }));
        expect(await notes.count({})).toBe(0); // not visible outside: the inner run did not commit
        throw new Error('outer fails');
      }),
    ).rejects.toThrow('outer fails');
    expect(await notes.count({})).toBe(0);
  });

  it('runs a transaction at READ COMMITTED even for a role whose default is stricter, and at the level asked for otherwise', async () => {
    // a role of its own, so that no other test's connections see the stricter default
    const role = `strict_${randomBytes(4).toString('hex')}`;
    const password = randomBytes(12).toString('hex');
    await dataSource.query(`CREATE ROLE ${role} LOGIN SUPERUSER PASSWORD '${password}'`);
    await dataSource.query(`ALTER ROLE ${role} SET default_transaction_isolation = 'serializable'`);
    const strictUrl = new URL(url);
    strictUrl.username = role;
    strictUrl.password = password;
    const strict = await createDataSource(config({ url: strictUrl.toString() }));
    try {
      const levelOf = (manager: { query: (sql: string) => Promise<unknown> }) =>
        manager.query('SHOW transaction_isolation') as Promise<{ transaction_isolation: string }[]>;
      expect(await inTransaction(strict, levelOf)).toEqual([
        { transaction_isolation: 'read committed' },
      ]);
      expect(await inTransaction(strict, levelOf, 'SERIALIZABLE')).toEqual([
        { transaction_isolation: 'serializable' },
      ]);
    } finally {
      await strict.destroy();
      await dataSource.query(`DROP ROLE ${role}`);
    }
  });

  it('recognises a unique violation and the constraint it hit', async () => {
    await notes.add({}, { id: 'a', body: 'one' });
    const error: unknown = await inTransaction(dataSource, (manager) =>
      manager.insert(Note, { id: 'a', body: 'again' }),
    ).catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
    expect(violatedConstraint(error)).toBe('note_pk');
    expect(isUniqueViolation(new Error('other'))).toBe(false);
    expect(isForeignKeyViolation(error)).toBe(false);
  });

  it('recognises a foreign-key violation', async () => {
    await dataSource.query(
      'CREATE TABLE IF NOT EXISTS note_tag (note_id text REFERENCES note (id))',
    );
    const error: unknown = await dataSource
      .query(`INSERT INTO note_tag (note_id) VALUES ('missing')`)
      .catch((e: unknown) => e);
    expect(isForeignKeyViolation(error)).toBe(true);
    expect(isUniqueViolation(error)).toBe(false);
  });

  it('maps an unreachable database to a retryable PERSISTENCE_UNAVAILABLE', async () => {
    const error: unknown = await createDataSource({
      ...config(),
      url: 'postgres://postgres@127.0.0.1:1/test',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PersistenceError);
    expect((error as PersistenceError).code).toBe('PERSISTENCE_UNAVAILABLE');
    expect((error as PersistenceError).retryable).toBe(true);
    expect(mapPersistenceError(new Error('syntax'))).toBeInstanceOf(Error);
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    await expect(createDataSource(config({ schema: 'x"; DROP TABLE y' }))).rejects.toMatchObject({
      code: 'PERSISTENCE_SCHEMA_INVALID',
    });
  });
});

describe('PersistenceModule', () => {
  const moduleSchema = `${schema}_mod`;

  @Injectable()
  class Options {
    readonly value = config({ schema: moduleSchema });
  }

  @Module({ providers: [Options], exports: [Options] })
  class OptionsModule {}

  it('provides a migrated DataSource and a TransactionRunner, and closes the pool on shutdown', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        PersistenceModule.forRootAsync({
          imports: [OptionsModule],
          inject: [Options],
          useFactory: (options: Options) => options.value,
        }),
      ],
      providers: [NoteRepository],
    }).compile();
    const app = moduleRef.createNestApplication();
    app.enableShutdownHooks();
    await app.init();
    const dataSource = app.get<DataSource>(DATA_SOURCE);
    const repository = app.get(NoteRepository);
    await repository.add({}, { id: 'm', body: 'module' });
    expect(await repository.count({})).toBe(1);
    await dropSchema(dataSource, moduleSchema);
    await app.close();
    expect(dataSource.isInitialized).toBe(false);
  });
});
