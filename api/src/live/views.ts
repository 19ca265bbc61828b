// What each user may see of an event, as a ready SSE frame: rendered once per audience shape from the
// payload stored with the event and shared by every stream that shows it, with no query per stream.

import type { RequestView } from '@one-on-one/contract/resources';
import { actionsFor, type RuleSettings } from '@one-on-one/contract/rules';
import { type OutboxEvent, recipientOf } from './hub.ts';

/** Who reads a stream: their id and the courses their token holds. */
export interface Viewer {
  id: string;
  courseIds: ReadonlySet<string>;
}

type Shape = 'student' | 'educator' | 'requester' | 'member';

interface Rendered {
  requestedBy?: ReadonlySet<string>;
  frames: Map<Shape, Uint8Array>;
}

const encoder = new TextEncoder();
const rendered = new WeakMap<OutboxEvent, Rendered>();

function renderedOf(event: OutboxEvent): Rendered {
  let entry = rendered.get(event);
  if (!entry) {
    entry = { frames: new Map() };
    rendered.set(event, entry);
  }
  return entry;
}

function frame(event: OutboxEvent, shape: Shape, data: () => string): Uint8Array {
  const { frames } = renderedOf(event);
  let bytes = frames.get(shape);
  if (!bytes) {
    bytes = encoder.encode(`id: ${event.id}\nevent: ${event.type}\ndata: ${data()}\n\n`);
    frames.set(shape, bytes);
  }
  return bytes;
}

/** A request as one of its two parties gets it: with what they may do with it at `now`. */
function partyView(payload: string, viewerId: string, now: string, settings: RuleSettings): string {
  const request = JSON.parse(payload) as RequestView;
  return JSON.stringify({ ...request, actions: actionsFor(request, viewerId, now, settings) });
}

/** A slot as the course listing shows it to a member: no pending count nor link, and whether they asked for it. */
function memberView(payload: string, requestedByMe: boolean): string {
  const { pendingCount: _, meetingLink: __, ...slot } = JSON.parse(payload) as Record<string, unknown>;
  return JSON.stringify({ ...slot, requestedByMe });
}

/**
 * The event's frame for `viewer`, or undefined when it is not theirs to see. An event for one user (a time opened
 * on their waitlist) goes to them alone, as stored (the slot as the course listing shows it to them). A course's new
 * policy goes to every member of the course, as `GET …/policy` gives it. A request's events go to
 * its student and educator (each with their own `actions` at `now`); a slot's to its educator (with the
 * pending count) and to every member of its course (as the course listing shows it). The data is the
 * resource as it was when the event happened.
 */
export function eventFrameFor(viewer: Viewer, event: OutboxEvent, now: string, settings: RuleSettings): Uint8Array | undefined {
  const recipient = recipientOf(event);
  if (recipient !== undefined) return recipient === viewer.id ? frame(event, 'student', () => event.payload) : undefined;
  if (event.type === 'policy.updated')
    return viewer.courseIds.has(event.courseId) ? frame(event, 'member', () => event.payload) : undefined;
  if (event.requestId) {
    const party = event.studentId === viewer.id ? 'student' : event.educatorId === viewer.id ? 'educator' : undefined;
    if (!party) return undefined;
    return frame(event, party, () => partyView(event.payload, viewer.id, now, settings));
  }
  if (event.educatorId === viewer.id) return frame(event, 'educator', () => event.payload);
  if (!viewer.courseIds.has(event.courseId)) return undefined;
  const entry = renderedOf(event);
  entry.requestedBy ??= new Set(JSON.parse(event.requestedBy) as string[]);
  const requestedByMe = entry.requestedBy.has(viewer.id);
  return frame(event, requestedByMe ? 'requester' : 'member', () => memberView(event.payload, requestedByMe));
}

/** An SSE frame with no resource: `reset` tells a client to reload, as its missed events are gone. */
export function controlFrame(id: number, type: string, data: unknown): Uint8Array {
  return encoder.encode(`id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
}
