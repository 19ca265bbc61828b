// A course's reports for its educators: its sessions as a CSV download, and its statistics.
import { createRoute, z } from '@hono/zod-openapi';
import { ExportGate, MAX_EXPORTS_PER_USER } from '../domain/reports/export-gate.ts';
import { exportSessionsCsv, SESSIONS_CSV_COLUMNS } from '../domain/reports/sessions-csv.ts';
import { courseStats } from '../domain/reports/stats.ts';
import { MAX_REPORT_DAYS, REPORT_DAYS_AHEAD, REPORT_DAYS_BACK } from '../domain/reports/window.ts';
import { createRouter, type Deps } from '../http/router.ts';
import { CourseIdParam, CourseStats, ReportQuery } from '../schemas.ts';
import { bearer, json, problems } from './openapi.ts';

const tags = ['Courses'];

/** What a report covers, and who may read it: `what` counts or lists. */
const windowRule = (what: string) =>
  [
    `${what} every request of the course whose session overlaps the window [from, to): by default`,
    `${REPORT_DAYS_BACK} days back to ${REPORT_DAYS_AHEAD} days ahead; a window longer than ${MAX_REPORT_DAYS} days is a 400.`,
    'For the educators of the course only.',
  ].join(' ');

const csvRoute = createRoute({
  method: 'get',
  operationId: 'exportCourseSessions',
  path: '/{courseId}/sessions.csv',
  tags,
  security: bearer,
  summary: "The course's sessions as CSV",
  description: [
    windowRule('Lists'),
    `RFC 4180 with CRLF line ends and a header row: \`${SESSIONS_CSV_COLUMNS.join(',')}\`, by start time then id.`,
    'Each field is the request as the API reports it (`status` `completed` once an approved session ended; an expired',
    'request `rejected`); `attended` is `true`, `false` or empty. A cell beginning with `=`, `+`, `-`, `@`, a tab or a',
    "carriage return is prefixed with `'`, so that no spreadsheet reads it as a formula. Streamed as the client reads;",
    `one user streams at most ${MAX_EXPORTS_PER_USER} at once (429 \`rate_limited\` beyond).`,
  ].join(' '),
  request: { params: CourseIdParam, query: ReportQuery },
  responses: {
    200: { content: { 'text/csv': { schema: z.string() } }, description: 'The sessions, as an attachment' },
    ...problems(403),
  },
});

const statsRoute = createRoute({
  method: 'get',
  operationId: 'getCourseStats',
  path: '/{courseId}/stats',
  tags,
  security: bearer,
  summary: "The course's statistics",
  description: [
    windowRule('Counts'),
    '`approved` counts approved sessions that stand, `completed` (ended) ones included; `rejected` counts the requests',
    'that read rejected, `expired` ones (undecided when their session started) included; `requested` counts them all.',
    '`medianHoursToDecision` is over the requests an educator (or the system, for another booking or a removed slot)',
    'decided; `byEducator` lists every educator with a request in the window, by name.',
  ].join(' '),
  request: { params: CourseIdParam, query: ReportQuery },
  responses: { 200: json(CourseStats, 'The statistics'), ...problems(403) },
});

/**
 * "sessions-c-101-2031-03-04.csv": the course's id in characters that need no quoting in any header or file system, and
 * the date of the export (UTC; `<session-requests>` names its download the same way, by the viewer's date).
 */
const fileNameOf = (courseId: string, now: Date) =>
  `sessions-${courseId.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 100)}-${now.toISOString().slice(0, 10)}.csv`;

/** `/api/courses/:courseId/sessions.csv` and `/stats`, behind the token. */
export function reportRoutes({ db, clock }: Deps) {
  const gate = new ExportGate();
  return createRouter()
    .openapi(csvRoute, (c) => {
      const { courseId } = c.req.valid('param');
      const stream = exportSessionsCsv(db, c.var.user, courseId, c.req.valid('query'), clock(), {
        signal: c.req.raw.signal,
        gate,
      });
      return c.body(stream, 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${fileNameOf(courseId, clock())}"`,
        'Cache-Control': 'no-store',
      });
    })
    .openapi(statsRoute, async (c) => {
      const { courseId } = c.req.valid('param');
      return c.json(await courseStats(db, c.var.user, courseId, c.req.valid('query'), clock()), 200);
    });
}
