// What the screenshots add to the seeded demo, through the API as a host's people would: a session later today (the
// seed has none), so the educator's agenda and week show one, and Grace's weekly office hours, so her week shows a series.
import type { DemoServer } from './harness.ts';

const HALF_HOUR = 30 * 60_000;

async function call(server: DemoServer, user: string, path: string, body: object): Promise<{ id: string }> {
  const token = await fetch(`${server.url}/api/demo/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user }),
  }).then(async (res) => ((await res.json()) as { token: string }).token);
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path} as ${user}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string };
}

/** Grace's drop-in hours on Tuesdays and Thursdays, 16:30 to 18:00 in Berlin, for three weeks from tomorrow. */
async function weeklyHours(server: DemoServer): Promise<void> {
  const day = (days: number) => new Date(Date.now() + days * 864e5).toISOString().slice(0, 10);
  await call(server, 'grace', '/api/availability/series', {
    courseId: 'c-101',
    timeZone: 'Europe/Berlin',
    from: day(1),
    until: day(21),
    weekdays: [2, 4],
    startTime: '16:30',
    endTime: '18:00',
    slotMinutes: 30,
    note: 'Drop-in office hours',
  });
}

/** Grace's weekly hours, and Katherine booked into her Intro to Algorithms later today. */
export async function addPictureData(server: DemoServer): Promise<void> {
  await weeklyHours(server);
  await bookLaterToday(server);
}

/**
 * Books Katherine into Grace's Intro to Algorithms from the next half hour but one, for 30 minutes: today, unless it
 * is within an hour of midnight (then the agenda shows it under This week).
 */
async function bookLaterToday(server: DemoServer): Promise<void> {
  const start = Math.ceil(Date.now() / HALF_HOUR) * HALF_HOUR + HALF_HOUR;
  const slot = await call(server, 'grace', '/api/availability/create', {
    courseId: 'c-101',
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(start + HALF_HOUR).toISOString(),
    meetingLink: 'https://meet.example.com/grace-today',
    instant: true,
  });
  await call(server, 'katherine', '/api/session/request', { slotId: slot.id, message: 'Recurrences: the master theorem.' });
}
