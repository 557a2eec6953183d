import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The 63 province-level units in force until the 2025 merger: code, name, successor code. */
const LEGACY_PROVINCES: readonly (readonly [string, string, string])[] = [
  ['01', 'Hà Nội', '01'],
  ['02', 'Hà Giang', '08'],
  ['04', 'Cao Bằng', '04'],
  ['06', 'Bắc Kạn', '19'],
  ['08', 'Tuyên Quang', '08'],
  ['10', 'Lào Cai', '15'],
  ['11', 'Điện Biên', '11'],
  ['12', 'Lai Châu', '12'],
  ['14', 'Sơn La', '14'],
  ['15', 'Yên Bái', '15'],
  ['17', 'Hòa Bình', '25'],
  ['19', 'Thái Nguyên', '19'],
  ['20', 'Lạng Sơn', '20'],
  ['22', 'Quảng Ninh', '22'],
  ['24', 'Bắc Giang', '24'],
  ['25', 'Phú Thọ', '25'],
  ['26', 'Vĩnh Phúc', '25'],
  ['27', 'Bắc Ninh', '24'],
  ['30', 'Hải Dương', '31'],
  ['31', 'Hải Phòng', '31'],
  ['33', 'Hưng Yên', '33'],
  ['34', 'Thái Bình', '33'],
  ['35', 'Hà Nam', '37'],
  ['36', 'Nam Định', '37'],
  ['37', 'Ninh Bình', '37'],
  ['38', 'Thanh Hóa', '38'],
  ['40', 'Nghệ An', '40'],
  ['42', 'Hà Tĩnh', '42'],
  ['44', 'Quảng Bình', '44'],
  ['45', 'Quảng Trị', '44'],
  ['46', 'Thừa Thiên Huế', '46'],
  ['48', 'Đà Nẵng', '48'],
  ['49', 'Quảng Nam', '48'],
  ['51', 'Quảng Ngãi', '51'],
  ['52', 'Bình Định', '52'],
  ['54', 'Phú Yên', '66'],
  ['56', 'Khánh Hòa', '56'],
  ['58', 'Ninh Thuận', '56'],
  ['60', 'Bình Thuận', '68'],
  ['62', 'Kon Tum', '51'],
  ['64', 'Gia Lai', '52'],
  ['66', 'Đắk Lắk', '66'],
  ['67', 'Đắk Nông', '68'],
  ['68', 'Lâm Đồng', '68'],
  ['70', 'Bình Phước', '75'],
  ['72', 'Tây Ninh', '80'],
  ['74', 'Bình Dương', '79'],
  ['75', 'Đồng Nai', '75'],
  ['77', 'Bà Rịa–Vũng Tàu', '79'],
  ['79', 'TP Hồ Chí Minh', '79'],
  ['80', 'Long An', '80'],
  ['82', 'Tiền Giang', '82'],
  ['83', 'Bến Tre', '86'],
  ['84', 'Trà Vinh', '86'],
  ['86', 'Vĩnh Long', '86'],
  ['87', 'Đồng Tháp', '82'],
  ['89', 'An Giang', '91'],
  ['91', 'Kiên Giang', '91'],
  ['92', 'Cần Thơ', '92'],
  ['93', 'Hậu Giang', '92'],
  ['94', 'Sóc Trăng', '92'],
  ['95', 'Bạc Liêu', '96'],
  ['96', 'Cà Mau', '96'],
];

/** The 34 province-level units in force from 2025-07-01. */
const MERGED_PROVINCES: readonly (readonly [string, string])[] = [
  ['01', 'Hà Nội'],
  ['04', 'Cao Bằng'],
  ['08', 'Tuyên Quang'],
  ['11', 'Điện Biên'],
  ['12', 'Lai Châu'],
  ['14', 'Sơn La'],
  ['15', 'Lào Cai'],
  ['19', 'Thái Nguyên'],
  ['20', 'Lạng Sơn'],
  ['22', 'Quảng Ninh'],
  ['24', 'Bắc Ninh'],
  ['25', 'Phú Thọ'],
  ['31', 'Hải Phòng'],
  ['33', 'Hưng Yên'],
  ['37', 'Ninh Bình'],
  ['38', 'Thanh Hóa'],
  ['40', 'Nghệ An'],
  ['42', 'Hà Tĩnh'],
  ['44', 'Quảng Trị'],
  ['46', 'Huế'],
  ['48', 'Đà Nẵng'],
  ['51', 'Quảng Ngãi'],
  ['52', 'Gia Lai'],
  ['56', 'Khánh Hòa'],
  ['66', 'Đắk Lắk'],
  ['68', 'Lâm Đồng'],
  ['75', 'Đồng Nai'],
  ['79', 'TP Hồ Chí Minh'],
  ['80', 'Tây Ninh'],
  ['82', 'Đồng Tháp'],
  ['86', 'Vĩnh Long'],
  ['91', 'An Giang'],
  ['92', 'Cần Thơ'],
  ['96', 'Cà Mau'],
];

/** Date the 63-unit map began (Hà Tây joined Hà Nội) and the day before the 2025 merger. */
const LEGACY_FROM = '2008-08-01';
const LEGACY_TO = '2025-06-30';
const MERGED_FROM = '2025-07-01';

function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * Creates the population registry (citizens, households, residences, administrative units)
 * and loads the province tables. Names are unqualified: the data source's search_path puts them
 * in the app schema. The province rows are written out here, not imported, so that this
 * migration keeps producing the same database when the code tables move on.
 */
export class CreatePopulationRegistry1795408515702 implements MigrationInterface {
  readonly name = 'CreatePopulationRegistry1795408515702';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE citizens (
        personal_id char(12) PRIMARY KEY,
        full_name varchar(200) NOT NULL,
        family_name varchar(50) NOT NULL,
        middle_name varchar(100),
        given_name varchar(50) NOT NULL,
        birth_date date NOT NULL,
        birth_date_precision varchar(10) NOT NULL,
        sex varchar(6) NOT NULL,
        ethnicity varchar(50) NOT NULL,
        religion varchar(50),
        nationality char(2) NOT NULL,
        birth_registration_commune char(5) NOT NULL,
        household_no varchar(20),
        relationship_to_head varchar(12),
        father_id char(12),
        mother_id char(12),
        spouse_id char(12),
        status varchar(10) NOT NULL DEFAULT 'ALIVE',
        date_of_death date
      )`);
    await queryRunner.query(`CREATE INDEX ix_citizens_household_no ON citizens (household_no)`);
    await queryRunner.query(`CREATE INDEX ix_citizens_father_id ON citizens (father_id)`);
    await queryRunner.query(`CREATE INDEX ix_citizens_mother_id ON citizens (mother_id)`);
    await queryRunner.query(`
      CREATE TABLE households (
        household_no varchar(20) PRIMARY KEY,
        head_personal_id char(12) NOT NULL,
        commune_code char(5) NOT NULL,
        address varchar(300) NOT NULL,
        registered_on date NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE residences (
        id bigserial PRIMARY KEY,
        personal_id char(12) NOT NULL,
        kind varchar(10) NOT NULL,
        household_no varchar(20),
        commune_code char(5) NOT NULL,
        address varchar(300) NOT NULL,
        registered_on date NOT NULL,
        removed_on date,
        removal_reason varchar(30)
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX ux_residences_current ON residences (personal_id, kind) WHERE removed_on IS NULL`,
    );
    await queryRunner.query(`CREATE INDEX ix_residences_personal_id ON residences (personal_id)`);
    await queryRunner.query(`
      CREATE TABLE administrative_units (
        code varchar(5) NOT NULL,
        level varchar(10) NOT NULL,
        valid_from date NOT NULL,
        name varchar(100) NOT NULL,
        parent_code varchar(5),
        valid_to date,
        successor_code varchar(5),
        PRIMARY KEY (code, level, valid_from)
      )`);
    await queryRunner.query(
      `CREATE INDEX ix_administrative_units_parent ON administrative_units (parent_code)`,
    );
    await this.insertProvinces(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['administrative_units', 'residences', 'households', 'citizens']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }

  private async insertProvinces(queryRunner: QueryRunner): Promise<void> {
    const legacy = LEGACY_PROVINCES.map(
      ([code, name, successor]) =>
        `(${quote(code)}, 'PROVINCE', '${LEGACY_FROM}', ${quote(name)}, '${LEGACY_TO}', ${quote(successor)})`,
    );
    const merged = MERGED_PROVINCES.map(
      ([code, name]) =>
        `(${quote(code)}, 'PROVINCE', '${MERGED_FROM}', ${quote(name)}, NULL, NULL)`,
    );
    await queryRunner.query(
      `INSERT INTO administrative_units (code, level, valid_from, name, valid_to, successor_code)
       VALUES ${[...legacy, ...merged].join(',\n')}`,
    );
  }
}
