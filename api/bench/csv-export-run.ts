// One CSV export of a seeded report database, in this process alone: `node --import tsx csv-export-run.ts <file>`
// prints its figures as one JSON line. Memory is sampled at every chunk and every 5 ms while the export streams.
import { createApp } from '../src/app.ts';
import { openDatabase } from '../src/db/client.ts';
import { testConfig, tokenFor } from '../test/helpers.ts';
import { REPORT_COURSE, REPORT_EDUCATOR, REPORT_FROM, REPORT_TO } from './csv-export.ts';

/** What one export measured: rows, bytes, milliseconds, and the peaks of the process's memory while it ran. */
export interface ExportFigures {
  rows: number;
  bytes: number;
  ms: number;
  peakRss: number;
  peakHeapUsed: number;
}

async function exportCsv(file: string): Promise<ExportFigures> {
  const db = await openDatabase(`file:${file}`);
  const app = createApp({ db, config: testConfig() });
  const educator = { sub: REPORT_EDUCATOR, courses: [{ id: REPORT_COURSE, role: 'educator' as const }] };
  const headers = { Authorization: `Bearer ${await tokenFor(educator, new Date())}` };
  const path = (from: string, to: string) => `/api/courses/${REPORT_COURSE}/sessions.csv?from=${from}&to=${to}`;
  // A first export of one day warms the code up, so that the measured one does not pay for loading it.
  await (await app.request(path(REPORT_FROM, '2026-01-02T00:00:00.000Z'), { headers })).text();

  let peakRss = 0;
  let peakHeapUsed = 0;
  const sample = () => {
    const { rss, heapUsed } = process.memoryUsage();
    peakRss = Math.max(peakRss, rss);
    peakHeapUsed = Math.max(peakHeapUsed, heapUsed);
  };
  const sampler = setInterval(sample, 5);
  const started = performance.now();
  const res = await app.request(path(REPORT_FROM, REPORT_TO), { headers });
  if (res.status !== 200 || !res.body) throw new Error(`the export answered ${res.status}: ${await res.text()}`);
  let bytes = 0;
  let lineEnds = 0;
  for await (const chunk of res.body) {
    bytes += chunk.byteLength;
    // A seeded cell holds no line break: each CRLF ends a row (the header's too).
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lineEnds++;
    sample();
  }
  const ms = performance.now() - started;
  clearInterval(sampler);
  sample();
  db.$client.close();
  return { rows: lineEnds - 1, bytes, ms, peakRss, peakHeapUsed };
}

console.log(JSON.stringify(await exportCsv(process.argv[2] ?? '')));
