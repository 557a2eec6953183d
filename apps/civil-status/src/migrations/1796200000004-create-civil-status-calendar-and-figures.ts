import type { MigrationInterface, QueryRunner } from 'typeorm';

type Seed = readonly [date: string, kind: 'HOLIDAY' | 'WORKING_DAY', name: string, basis: string];

const LC = 'Bộ luật Lao động 2019, Điều 112 khoản 1';
const COMPENSATED = 'Bộ luật Lao động 2019, Điều 111 khoản 3 (nghỉ bù)';
const Y2025 = 'Thông báo 6150/TB-BLĐTBXH (2024), theo Công văn 8726/VPCP-KGVX';
const TET_2026 =
  'Phương án nghỉ Tết Bính Ngọ 2026 được Thủ tướng chấp thuận (nghỉ 14/02–22/02/2026)';
const TO_CHECK = 'dự kiến theo Điều 112; đối chiếu thông báo chính thức của năm';

/**
 * The calendar as shipped: 2025 and 2026 as announced, 2027 as the Labour Code places it
 * (provisional until the year's announcement is checked). Written out here, never imported: a
 * migration does not change once shipped; later years are entered through the calendar API.
 */
const CONFIRMED: readonly Seed[] = [
  ['2025-01-01', 'HOLIDAY', 'Tết Dương lịch', `${LC} điểm a`],
  ...['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31'].map((date): Seed => [
    date,
    'HOLIDAY',
    'Tết Nguyên đán Ất Tỵ',
    `${LC} điểm b; ${Y2025}`,
  ]),
  ['2025-04-07', 'HOLIDAY', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', `${LC} điểm e`],
  ['2025-04-26', 'WORKING_DAY', 'Làm bù cho ngày nghỉ hoán đổi 02/5/2025', Y2025],
  ['2025-04-30', 'HOLIDAY', 'Ngày Chiến thắng', `${LC} điểm c`],
  ['2025-05-01', 'HOLIDAY', 'Ngày Quốc tế lao động', `${LC} điểm d`],
  ['2025-05-02', 'HOLIDAY', 'Nghỉ hoán đổi (làm bù thứ Bảy 26/4/2025)', Y2025],
  ['2025-09-01', 'HOLIDAY', 'Quốc khánh (ngày liền kề)', `${LC} điểm đ; ${Y2025}`],
  ['2025-09-02', 'HOLIDAY', 'Quốc khánh', `${LC} điểm đ`],
  ['2026-01-01', 'HOLIDAY', 'Tết Dương lịch', `${LC} điểm a`],
  ...['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20'].map((date): Seed => [
    date,
    'HOLIDAY',
    'Tết Nguyên đán Bính Ngọ',
    `${LC} điểm b; ${TET_2026}`,
  ]),
  ['2026-04-27', 'HOLIDAY', 'Nghỉ bù Giỗ Tổ Hùng Vương (26/4/2026 là Chủ nhật)', COMPENSATED],
  ['2026-04-30', 'HOLIDAY', 'Ngày Chiến thắng', `${LC} điểm c`],
  ['2026-05-01', 'HOLIDAY', 'Ngày Quốc tế lao động', `${LC} điểm d`],
  ['2026-09-02', 'HOLIDAY', 'Quốc khánh', `${LC} điểm đ`],
  ['2027-01-01', 'HOLIDAY', 'Tết Dương lịch', `${LC} điểm a`],
  ['2027-04-30', 'HOLIDAY', 'Ngày Chiến thắng', `${LC} điểm c`],
  ['2027-05-03', 'HOLIDAY', 'Nghỉ bù Ngày Quốc tế lao động (1/5/2027 là thứ Bảy)', COMPENSATED],
  ['2027-09-02', 'HOLIDAY', 'Quốc khánh', `${LC} điểm đ`],
];

/** Days the Government fixes each year: entered as the Labour Code places them, to be checked. */
const PROVISIONAL: readonly Seed[] = [
  ['2026-09-01', 'HOLIDAY', 'Quốc khánh (ngày liền kề)', `${LC} điểm đ; ${TO_CHECK}`],
  // Tết Đinh Mùi: mùng 1 is Saturday 6/2/2027; the two weekend days of Tết are taken after it
  ...['2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11'].map((date): Seed => [
    date,
    'HOLIDAY',
    'Tết Nguyên đán Đinh Mùi',
    `${LC} điểm b; ${TO_CHECK}`,
  ]),
  ['2027-04-16', 'HOLIDAY', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', `${LC} điểm e; ${TO_CHECK}`],
  ['2027-09-03', 'HOLIDAY', 'Quốc khánh (ngày liền kề)', `${LC} điểm đ; ${TO_CHECK}`],
];

/** The shipped entries as the calendar reads them (exported for the calendar's tests). */
export const SHIPPED_CALENDAR_DAYS = [
  ...CONFIRMED.map(([date, kind, name, basis]) => ({
    date,
    kind,
    name,
    basis,
    provisional: false,
  })),
  ...PROVISIONAL.map(([date, kind, name, basis]) => ({
    date,
    kind,
    name,
    basis,
    provisional: true,
  })),
];

/** Counter columns of both figure tables. */
const COUNTERS = `
  received integer NOT NULL DEFAULT 0,
  done integer NOT NULL DEFAULT 0,
  done_on_time integer NOT NULL DEFAULT 0,
  refused integer NOT NULL DEFAULT 0,
  done_seconds bigint NOT NULL DEFAULT 0`;

/** The Vietnamese calendar date of a timestamptz column (UTC+7, no daylight saving). */
const vnDate = (column: string) => `((${column} AT TIME ZONE 'UTC') + interval '7 hours')::date`;

/**
 * The working calendar (public holidays, days off and swapped working days, as dated rows the
 * operator extends) and the figures of the leaders' dashboards: the commune of each dossier, and
 * per day (Vietnam time) the dossiers and steps received, done, done on time and refused, for the
 * whole office and per commune. The figures are written in the same transaction as the dossier
 * change they count (DossierRepository); this migration counts the dossiers that already exist.
 */
export class CreateCivilStatusCalendarAndFigures1796200000004 implements MigrationInterface {
  readonly name = 'CreateCivilStatusCalendarAndFigures1796200000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE calendar_days (
        day date PRIMARY KEY,
        kind varchar(12) NOT NULL CHECK (kind IN ('HOLIDAY', 'WORKING_DAY')),
        name varchar(200) NOT NULL,
        basis varchar(300) NOT NULL,
        provisional boolean NOT NULL DEFAULT false,
        updated_by varchar(128) NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    const days = SHIPPED_CALENDAR_DAYS;
    await queryRunner.query(
      `INSERT INTO calendar_days (day, kind, name, basis, provisional, updated_by)
       SELECT d, k, n, b, p, 'migration' FROM unnest($1::date[], $2::varchar[], $3::varchar[],
         $4::varchar[], $5::boolean[]) AS s(d, k, n, b, p)`,
      [
        days.map((d) => d.date),
        days.map((d) => d.kind),
        days.map((d) => d.name),
        days.map((d) => d.basis),
        days.map((d) => d.provisional),
      ],
    );
    await queryRunner.query(`ALTER TABLE dossiers ADD COLUMN commune_code varchar(5)`);
    await queryRunner.query(`
      UPDATE dossiers d SET commune_code = r.registering_commune
        FROM birth_registrations r WHERE d.procedure = 'BIRTH' AND r.id = d.registration_id`);
    await queryRunner.query(`
      UPDATE dossiers d SET commune_code = r.registering_commune
        FROM death_registrations r WHERE d.procedure = 'DEATH' AND r.id = d.registration_id`);
    await queryRunner.query(`UPDATE dossiers SET commune_code = '' WHERE commune_code IS NULL`);
    await queryRunner.query(`ALTER TABLE dossiers ALTER COLUMN commune_code SET NOT NULL`);
    await queryRunner.query(
      `CREATE INDEX ix_dossiers_in_progress ON dossiers (commune_code) WHERE status = 'IN_PROGRESS'`,
    );
    await queryRunner.query(`
      CREATE TABLE dossier_figures_daily (
        day date NOT NULL,
        procedure varchar(10) NOT NULL,
        step varchar(40) NOT NULL,
        agency varchar(16) NOT NULL,
        ${COUNTERS},
        PRIMARY KEY (day, procedure, step, agency)
      )`);
    await queryRunner.query(`
      CREATE TABLE dossier_figures_commune_daily (
        commune_code varchar(5) NOT NULL,
        day date NOT NULL,
        procedure varchar(10) NOT NULL,
        step varchar(40) NOT NULL,
        agency varchar(16) NOT NULL,
        ${COUNTERS},
        PRIMARY KEY (commune_code, day, procedure, step, agency)
      )`);
    await this.countExisting(queryRunner);
  }

  /** The figures of the dossiers that exist already, as DossierRepository would have counted them. */
  private async countExisting(queryRunner: QueryRunner): Promise<void> {
    // one fact per event: a step or dossier received, and one settled (step '' = the dossier)
    const facts = `
      SELECT d.commune_code, ${vnDate('d.received_at')} AS day, d.procedure, s.step, s.agency,
             1 AS received, 0 AS done, 0 AS on_time, 0 AS refused, 0::bigint AS secs
        FROM dossier_steps s JOIN dossiers d ON d.id = s.dossier_id
      UNION ALL
      SELECT d.commune_code, ${vnDate('s.done_at')}, d.procedure, s.step, s.agency, 0,
             (s.status = 'DONE')::int, (s.status = 'DONE' AND s.done_at <= s.due_at)::int,
             (s.status = 'REFUSED')::int,
             CASE WHEN s.status = 'DONE' THEN extract(epoch FROM s.done_at - d.received_at)::bigint
                  ELSE 0 END
        FROM dossier_steps s JOIN dossiers d ON d.id = s.dossier_id WHERE s.status <> 'PENDING'
      UNION ALL
      SELECT d.commune_code, ${vnDate('d.received_at')}, d.procedure, '', 'CIV', 1, 0, 0, 0, 0
        FROM dossiers d
      UNION ALL
      SELECT d.commune_code, ${vnDate('d.completed_at')}, d.procedure, '', 'CIV', 0,
             (d.status = 'COMPLETED')::int,
             (d.status = 'COMPLETED' AND d.completed_at <= (SELECT max(due_at) FROM dossier_steps s
                                                           WHERE s.dossier_id = d.id))::int,
             (d.status = 'REFUSED')::int,
             CASE WHEN d.status = 'COMPLETED'
                  THEN extract(epoch FROM d.completed_at - d.received_at)::bigint ELSE 0 END
        FROM dossiers d WHERE d.status <> 'IN_PROGRESS'`;
    const sums = `sum(received), sum(done), sum(on_time), sum(refused), sum(secs)`;
    await queryRunner.query(`
      INSERT INTO dossier_figures_daily
        (day, procedure, step, agency, received, done, done_on_time, refused, done_seconds)
      SELECT day, procedure, step, agency, ${sums} FROM (${facts}) f GROUP BY 1, 2, 3, 4`);
    await queryRunner.query(`
      INSERT INTO dossier_figures_commune_daily
        (commune_code, day, procedure, step, agency, received, done, done_on_time, refused,
         done_seconds)
      SELECT commune_code, day, procedure, step, agency, ${sums} FROM (${facts}) f
       GROUP BY 1, 2, 3, 4, 5`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE dossier_figures_commune_daily`);
    await queryRunner.query(`DROP TABLE dossier_figures_daily`);
    await queryRunner.query(`DROP INDEX ix_dossiers_in_progress`);
    await queryRunner.query(`ALTER TABLE dossiers DROP COLUMN commune_code`);
    await queryRunner.query(`DROP TABLE calendar_days`);
  }
}
