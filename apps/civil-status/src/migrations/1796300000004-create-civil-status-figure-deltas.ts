import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dossier figures are written as deltas: each dossier change inserts its counts into
 * `dossier_figure_deltas` in its own transaction (insert only: no row is shared, so concurrent
 * changes never wait on each other nor deadlock, as upserts into a day's row did), and a
 * compactor folds the deltas into `dossier_figures_daily` and `dossier_figures_commune_daily` in
 * one transaction (the rows it deletes are the rows it adds). Readers sum both.
 */
export class CreateCivilStatusFigureDeltas1796300000004 implements MigrationInterface {
  readonly name = 'CreateCivilStatusFigureDeltas1796300000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE dossier_figure_deltas (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        commune_code varchar(5) NOT NULL,
        day date NOT NULL,
        procedure varchar(10) NOT NULL,
        step varchar(40) NOT NULL,
        agency varchar(16) NOT NULL,
        received integer NOT NULL,
        done integer NOT NULL,
        done_on_time integer NOT NULL,
        refused integer NOT NULL,
        done_seconds bigint NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE dossier_figure_deltas`);
  }
}
