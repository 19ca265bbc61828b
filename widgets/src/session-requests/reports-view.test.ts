// <session-requests>'s Reports view: the selected course's statistics and Export CSV.
import { expect, html } from '@open-wc/testing';
import '../define.ts';
import type { Routes } from '../internal/fake-api.ts';
import { CSV_HEADER, educatorMe, reportRoutes, someStats } from '../internal/fake-api.ts';
import { $, $$, capturedDownloads, named, waitForText, waitUntil, widgetUnderTest } from '../internal/test-helpers.ts';
import type { SessionRequests } from './session-requests.ts';

/** The statistics as a person reads them: each label with its figure. */
const figures = (el: Element) =>
  Object.fromEntries(
    $$(el, '[part~=stats] div').map((pair) => [pair.querySelector('dt')?.textContent, pair.querySelector('dd')?.textContent]),
  );
const rows = (el: Element) => $$(el, 'tbody tr').map((row) => [...row.children].map((cell) => cell.textContent?.trim()));
const said = (el: Element) => $(el, '[role=status]')?.textContent;

describe('<session-requests> Reports', () => {
  const template = html`<session-requests token="t" view="reports"></session-requests>`;
  const { api, mount } = widgetUnderTest<SessionRequests>(template, {
    'GET /api/me': { body: educatorMe },
    'GET /api/session/educator/requests': { body: { items: [], nextCursor: null } },
    ...reportRoutes('c-101'),
  });
  const downloads = capturedDownloads();
  /** The element once its Reports view shows the statistics. */
  const open = async (routes?: Routes) => {
    const el = await mount(routes);
    await waitUntil(() => $(el, '#tab-reports[aria-selected=true]') && $(el, '[part~=stats]'), 'the statistics never showed');
    return el;
  };

  it("shows the course's statistics: counts, the attendance rate as a percentage, the median hours to a decision", async () => {
    const el = await open();
    expect(figures(el)).to.deep.equal({
      Requests: '12',
      'Requests approved': '8',
      'Sessions attended': '5',
      'Sessions missed': '1',
      'Attendance rate': '83%',
      'Median time to decision': '5.5 hours',
    });
    expect($(el, 'caption')?.textContent).to.equal('By educator');
    expect(rows(el)).to.deep.equal([
      ['Grace Hopper', '6', '4'],
      ['ed-2', '2', '1'],
    ]);
    expect(api.callsTo('GET', '/api/courses/c-101/stats')[0].token).to.equal('t');
    await expect(el).to.be.accessible();
  });

  it('gives a median under an hour in minutes, never "0 hours"', async () => {
    for (const [median, shown] of [
      [0.25, '15 minutes'],
      [0.004, '1 minute'],
    ] as const) {
      const el = await open(reportRoutes('c-101', someStats({ medianHoursToDecision: median })));
      expect(figures(el)['Median time to decision']).to.equal(shown);
    }
  });

  it('says so where nothing was recorded or decided yet', async () => {
    const el = await open(
      reportRoutes('c-101', someStats({ attendanceRate: null, medianHoursToDecision: null, byEducator: [] })),
    );
    expect(figures(el)['Attendance rate']).to.equal('No attendance recorded yet');
    expect(figures(el)['Median time to decision']).to.equal('No decisions yet');
    expect($(el, 'table')).to.not.exist;
    await expect(el).to.be.accessible();
  });

  it("writes the figures the viewer's way", async () => {
    const el = await open();
    el.lang = 'fr';
    await waitForText(el, 'Taux de présence');
    const french = (options: Intl.NumberFormatOptions, value: number) => new Intl.NumberFormat('fr', options).format(value);
    expect(figures(el)['Taux de présence']).to.equal(french({ style: 'percent' }, 5 / 6));
    expect(figures(el)['Délai médian de décision']).to.equal(french({ style: 'unit', unit: 'hour', unitDisplay: 'long' }, 5.5));
  });

  it('exports the sessions as a CSV file, fetched with the token, and says so', async () => {
    const el = await open();
    named(el, 'Export CSV')?.click();
    await waitUntil(() => said(el) === 'Sessions exported to sessions-c-101-2031-03-04.csv.', 'the export was never said');
    expect(api.callsTo('GET', '/api/courses/c-101/sessions.csv')[0].token).to.equal('t');
    expect(downloads.map((saved) => saved.name)).to.deep.equal(['sessions-c-101-2031-03-04.csv']);
    expect((await downloads[0].file?.text())?.split('\r\n')[0]).to.equal(CSV_HEADER);
  });

  it('says why an export failed, beside the button too', async () => {
    const el = await open({ 'GET /api/courses/c-101/sessions.csv': { status: 403, code: 'forbidden' } });
    named(el, 'Export CSV')?.click();
    await waitUntil(() => said(el) === 'Your role in this course does not allow this.', 'the failure was never said');
    expect($(el, '#export-problem')?.textContent).to.equal('Your role in this course does not allow this.');
    expect(downloads).to.have.length(0);
    await expect(el).to.be.accessible();
  });
});
