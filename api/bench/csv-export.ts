// The CSV export (SPEC §15) at a large size against a small one, in the same run: time per row and peak memory. Each
// export runs in a process of its own (csv-export-run.ts), so that one's memory does not carry over into the other.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { type Database, migrateDatabase, openDatabase } from '../src/db/client.ts';
import { courseStats } from '../src/domain/reports/stats.ts';
import { migrationsFolder } from '../src/paths.ts';
import type { ExportFigures } from './csv-export-run.ts';

/** The course, its educator, and the window every seeded session lies in (730 days, within a report's bound). */
export const REPORT_COURSE = 'report-course';
export const REPORT_EDUCATOR = 'report-educator-0';
export const REPORT_FROM = '2026-01-01T00:00:00.000Z';
export const REPORT_TO = '2028-01-01T00:00:00.000Z';
const SEED_VERSION = 1;

const run = promisify(execFile);
const runner = fileURLToPath(new URL('./csv-export-run.ts', import.meta.url));

/**
 * `rows` requests of one course on `rows / 2` slots, evenly over the window, every status present, one message in
 * ten with a comma and quotes, attendance recorded on the approved ones: written by SQL, one statement per table.
 */
async function seedReport(db: Database, rows: number): Promise<void> {
  const slots = Math.max(1, Math.ceil(rows / 2));
  const base = Date.parse(REPORT_FROM);
  const step = Math.floor((Date.parse(REPORT_TO) - base - 3_600_000) / slots);
  const iso = (ms: string) => sql.raw(`strftime('%Y-%m-%dT%H:%M:%fZ', (${ms}) / 1000.0, 'unixepoch')`);
  await db.run(sql`WITH RECURSIVE n(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM n WHERE k < ${slots - 1})
    INSERT INTO slots (id, course_id, course_title, educator_id, educator_name, starts_at, ends_at, created_at, updated_at, op)
    SELECT printf('slot-%08d', k), ${REPORT_COURSE}, 'Reports', 'report-educator-' || (k % 20), 'Educator ' || (k % 20),
      ${iso(`${base} + k * ${step}`)}, ${iso(`${base} + k * ${step} + 1800000`)},
      ${iso(`${base} + k * ${step} - 86400000`)}, ${iso(`${base} + k * ${step} - 86400000`)}, 'seed'
    FROM n`);
  await db.run(sql`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${rows - 1})
    INSERT INTO session_requests (id, slot_id, course_id, course_title, educator_id, educator_name, student_id, student_name,
      starts_at, ends_at, message, status, meeting_link, rejection_reason, cancellation_reason, decided_at, attended,
      created_at, updated_at, op)
    SELECT printf('req-%08d', i), s.id, s.course_id, s.course_title, s.educator_id, s.educator_name,
      'student-' || (i % 5000), 'Student ' || (i % 5000), s.starts_at, s.ends_at,
      CASE WHEN i % 10 = 0 THEN 'Could we go over "exercise 3", please?' ELSE 'See you then' END,
      CASE i % 4 WHEN 0 THEN 'approved' WHEN 1 THEN 'pending' WHEN 2 THEN 'rejected' ELSE 'cancelled' END,
      CASE WHEN i % 4 = 0 THEN 'https://meet.example.com/' || i END,
      CASE WHEN i % 4 = 2 THEN 'Away that week' END,
      CASE WHEN i % 4 = 3 THEN 'Cannot make it' END,
      CASE WHEN i % 4 IN (0, 2) THEN s.created_at END,
      CASE WHEN i % 4 = 0 THEN i % 8 = 0 END,
      s.created_at, s.created_at, 'seed'
    FROM n JOIN slots AS s ON s.id = printf('slot-%08d', i / 2)`);
}

/** A seeded database of `rows` requests, kept between runs while the migrations are the same. */
async function seeded(rows: number): Promise<string> {
  const dir = join(tmpdir(), 'one-on-one-bench');
  mkdirSync(dir, { recursive: true });
  const schema = readdirSync(migrationsFolder).filter((name) => name.endsWith('.sql')).length;
  const file = join(dir, `report-${rows}-m${schema}-s${SEED_VERSION}.db`);
  if (!existsSync(file)) {
    const building = `${file}.building`;
    const db = await openDatabase(`file:${building}`);
    await migrateDatabase(db);
    const started = performance.now();
    await seedReport(db, rows);
    await db.$client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
    db.$client.close();
    console.error(`seeded a course of ${rows} requests in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    renameSync(building, file);
  }
  return file;
}

async function exportOnce(rows: number): Promise<ExportFigures> {
  const file = await seeded(rows);
  const { stdout } = await run(process.execPath, ['--import', 'tsx', runner, file], { maxBuffer: 1 << 20 });
  const figures: ExportFigures = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
  if (figures.rows !== rows) throw new Error(`the export of ${rows} requests gave ${figures.rows} rows`);
  return figures;
}

const MIB = 1024 * 1024;

/** The table rows of `npm run bench` for the CSV export at `large` requests against `small`. */
export async function csvExportRows(small: number, large: number): Promise<[string, string, string][]> {
  const [a, b] = [await exportOnce(small), await exportOnce(large)];
  const perRow = (figures: ExportFigures) => (figures.ms * 1000) / figures.rows;
  const mib = (bytes: number) => `${(bytes / MIB).toFixed(1)} MiB`;
  const line = (what: string, measured: (f: ExportFigures) => string, value: (f: ExportFigures) => number) =>
    [
      `CSV export, ${what} at ${large} vs ${small} rows`,
      `${measured(b)} vs ${measured(a)}`,
      (value(b) / value(a)).toFixed(2),
    ] as [string, string, string];
  return [
    line('time per row', (f) => `${perRow(f).toFixed(2)} µs`, perRow),
    line(
      'peak RSS',
      (f) => mib(f.peakRss),
      (f) => f.peakRss,
    ),
    line(
      'peak heap used',
      (f) => mib(f.peakHeapUsed),
      (f) => f.peakHeapUsed,
    ),
    [
      `CSV export of ${large} rows: size, and rows per second`,
      `${mib(b.bytes)}, ${((b.rows / b.ms) * 1000).toFixed(0)} rows/s`,
      '',
    ],
  ];
}

/**
 * The table row of `npm run bench` for a course's statistics (SPEC 16's stats) over `rows` requests: the time of the
 * whole report and of its longest statement, which is how long it holds the database (and, on a local file, the event
 * loop) from everyone else. The second of two runs, its pages cached.
 */
export async function statsRow(rows: number): Promise<[string, string, string]> {
  const db = await openDatabase(`file:${await seeded(rows)}`);
  const execute = db.$client.execute.bind(db.$client);
  let [longest, statements] = [0, 0];
  db.$client.execute = (async (statement: Parameters<typeof execute>[0]) => {
    const started = performance.now();
    try {
      return await execute(statement);
    } finally {
      statements++;
      longest = Math.max(longest, performance.now() - started);
    }
  }) as typeof db.$client.execute;
  const user = { id: REPORT_EDUCATOR, name: null, courses: [{ id: REPORT_COURSE, role: 'educator' as const }] };
  let ms = 0;
  for (let run = 0; run < 2; run++) {
    [longest, statements] = [0, 0];
    const started = performance.now();
    await courseStats(db, user, REPORT_COURSE, { from: REPORT_FROM, to: REPORT_TO }, new Date());
    ms = performance.now() - started;
  }
  db.$client.close();
  return [
    `course statistics over ${rows} requests: the whole report, and its longest statement`,
    `${ms.toFixed(0)} ms in ${statements} statements; longest ${longest.toFixed(1)} ms`,
    '',
  ];
}
