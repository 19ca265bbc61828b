// The two lists that read more at a million rows than at a thousand: each now reads one index range that holds exactly
// its page, and rejects what falls outside the window in the index itself, before reading a row.
import { beforeEach, describe, expect, it } from 'vitest';
import { setup, type TestApi, users } from './helpers.ts';
import { plansOf } from './plans.ts';

let api: TestApi;
beforeEach(async () => {
  api = await setup();
  const slot = await api.slot(24);
  await api.request(slot.id);
});

/** The plan of the statement that reads the list's rows: the first step of the one that reads `table` first. */
async function listPlan(path: string, table: string) {
  const plans = await plansOf(api.db, () => api.get(path, users.educator));
  return plans.find((plan) => plan.startsWith(`SEARCH ${table} `));
}

describe("an educator's slots", () => {
  it.each([
    ['/api/availability/educator/slots', 'slots_educator_start_end'],
    ['/api/availability/educator/slots?courseId=c-101', 'slots_educator_course_start_end'],
  ])('%s reads a range of %s, whose last column, the end, rejects slots that ended', async (path, index) => {
    expect(await listPlan(path, 'slots')).toMatch(
      new RegExp(`^SEARCH slots USING INDEX ${index} \\(.*starts_at>\\? AND starts_at<\\?\\)`),
    );
    const columns = await api.db.$client.execute(`PRAGMA index_info(${index})`);
    expect(columns.rows.map((row) => row.name).at(-1)).toBe('ends_at');
  });
});

describe('the pending filter', () => {
  it.each([
    [
      '/api/session/educator/requests?status=pending',
      'requests_educator_status_start \\(educator_id=\\? AND status=\\? AND starts_at>\\?\\)',
    ],
    [
      '/api/session/educator/requests?courseId=c-101&status=pending',
      'requests_educator_course_status_start \\(educator_id=\\? AND course_id=\\? AND status=\\? AND starts_at>\\?\\)',
    ],
  ])('%s reads one range that holds only requests still waiting', async (path, range) => {
    expect(await listPlan(path, 'session_requests')).toMatch(new RegExp(`^SEARCH session_requests USING INDEX ${range}`));
  });
});
