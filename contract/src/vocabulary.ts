// The words of a session request: its statuses, what may be done with it, who the parties are, and why the
// system wrote a reason. Plain constants, no zod: the widgets import them without pulling a schema library in.

/** A request's status as every reader sees it (SPEC §5). */
export const requestStatuses = ['pending', 'approved', 'rejected', 'completed', 'cancelled'] as const;
export type RequestStatus = (typeof requestStatuses)[number];

/** What a caller may do with a request (SPEC §10: each request's `actions`). */
export const requestActions = ['cancel', 'reschedule', 'approve', 'reject', 'attendance', 'calendar'] as const;
export type RequestAction = (typeof requestActions)[number];

/** The two people of a request. */
export const parties = ['student', 'educator'] as const;
export type Party = (typeof parties)[number];

/**
 * Why the system, not a person, wrote a request's reason (SPEC §17): the move that replaced it, another student
 * booked for the time, the slot removed, or no decision before the session started. Readers translate these.
 */
export const reasonCodes = ['moved', 'another_booked', 'slot_removed', 'expired'] as const;
export type ReasonCode = (typeof reasonCodes)[number];
