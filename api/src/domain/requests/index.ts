// The request lifecycle, one file per step over a shared core: create, decide, cancel, move, attend, list.
export { recordAttendance } from './attend.ts';
export { cancelRequest } from './cancel.ts';
export type { RequestContext } from './core.ts';
export { requestSlot } from './create.ts';
export { approveRequest, rejectRequest } from './decide.ts';
export { getOwnRequest, listEducatorRequests, listMyRequests } from './list.ts';
export { rescheduleRequest } from './move.ts';
