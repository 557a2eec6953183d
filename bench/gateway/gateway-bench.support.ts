import { readFileSync, readdirSync } from 'node:fs';
import { Client } from 'pg';

const CLOCK_TICKS_PER_S = 100;

/** CPU time (user + system, ms) a process and, optionally, its children have used so far. */
export function cpuMs(pid: number, withChildren = false): number {
  const read = (p: number) => {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
    } catch {
      return undefined;
    }
  };
  let ticks = read(pid)?.ticks ?? 0;
  if (withChildren) {
    for (const name of readdirSync('/proc')) {
      const child = /^\d+$/.test(name) ? read(Number(name)) : undefined;
      if (child?.ppid === pid) {
        ticks += child.ticks;
      }
    }
  }
  return (ticks * 1000) / CLOCK_TICKS_PER_S;
}

/** The pid of the process whose command line holds `needle` (the run's nats-server, postmaster). */
export function pidOf(needle: string, command: string): number | undefined {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) {
      continue;
    }
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (cmdline[0]?.endsWith(command) && cmdline.some((part) => part.includes(needle))) {
        return Number(name);
      }
    } catch {
      // gone
    }
  }
  return undefined;
}

/** A valid personal id of a man born in 19yy (province 001, Hà Nội). */
const personalId = (index: number) =>
  `0010${String(40 + (index % 36)).padStart(2, '0')}${String(100_000 + index).slice(-6)}`;

export interface Sample {
  readonly personalId: string;
  readonly legacy: Record<string, unknown>;
  readonly row: Record<string, unknown>;
}

export function samples(count: number): Sample[] {
  return Array.from({ length: count }, (_, i) => {
    const id = personalId(i);
    const year = 1940 + (i % 36);
    return {
      personalId: id,
      legacy: {
        so_dinh_danh: id,
        ho_ten: `Nguyễn Văn Bench ${i}`,
        ngay_sinh: `15/06/${year}`,
        gioi_tinh: 'NAM',
        loai_doi_tuong: 'THUONG_BINH',
        ty_le_ton_thuong: 21 + (i % 60),
        so_giay_chung_nhan: `TB-${i}`,
        ngay_cap_giay: '27/07/1989',
        co_quan_quan_ly: 'Sở Nội vụ thành phố Hà Nội',
        tinh_trang_tro_cap: 'DANG_HUONG',
        ngay_cap_nhat: '01/07/2025',
      },
      row: {
        personal_id: id,
        full_name: `Nguyễn Văn Bench ${i}`,
        date_of_birth: `${year}-06-15`,
        category: 'WAR_INVALID',
        injury_rate: 21 + (i % 60),
        certificate_number: `TB-${i}`,
        certificate_issued_on: '1989-07-27',
        managing_authority: 'Sở Nội vụ thành phố Hà Nội',
        allowance_status: 'RECEIVING',
        updated_on: '2025-07-01',
      },
    };
  });
}

export async function insertRows(databaseUrl: string, rows: readonly Sample[]): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const columns = Object.keys(rows[0]?.row ?? {});
    await client.query('TRUNCATE merit_table.merit_records');
    for (let i = 0; i < rows.length; i += 500) {
      const batch = rows.slice(i, i + 500);
      const values = batch.map(
        (_, r) => `(${columns.map((__, c) => `$${r * columns.length + c + 1}`).join(',')})`,
      );
      await client.query(
        `INSERT INTO merit_table.merit_records (${columns.join(',')}) VALUES ${values.join(',')}`,
        batch.flatMap((s) => columns.map((c) => s.row[c])),
      );
    }
  } finally {
    await client.end();
  }
}
