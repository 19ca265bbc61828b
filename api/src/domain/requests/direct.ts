// Writes that read nothing first: a batch compiled once, whose guards read the database as it runs and whose last two
// statements read the request back with its course's policy. A refused batch wrote nothing; the planned path (read,
// check the rules, guarded batch) then finds out why, or applies the change if the state changed in between.
import type { ResultSet } from '@libsql/client';
import type { SessionRequest } from '@one-on-one/contract/resources';
import { eq, sql } from 'drizzle-orm';
import { bind, type Compiled, compile } from '../../db/bound.ts';
import { type Database, isUniqueViolation, writeAtomically } from '../../db/client.ts';
import { coursePolicies, sessionRequests as r } from '../../db/schema.ts';
import { written } from '../atomic.ts';
import { resolvePolicy } from '../policy.ts';
import { type RequestFacts, selectRequests } from '../views.ts';
import { type RequestContext, withActions } from './core.ts';

const p = sql.placeholder;

/** The two reads that end a direct batch, compiled once per database: the request `id` at `now`, and its course's policy. */
function prepareReads(db: Database) {
  const request = selectRequests(db, p('now'))
    .where(eq(r.id, p('id')))
    .prepare();
  const policy = db
    .select()
    .from(coursePolicies)
    .where(
      eq(
        coursePolicies.courseId,
        sql`(SELECT requested.course_id FROM session_requests AS requested WHERE requested.id = ${p('id')})`,
      ),
    )
    .prepare();
  return { request, policy, compiled: [compile(request), compile(policy)] };
}

const readsOf = compiledPerDatabase(prepareReads);

/**
 * Runs `statements` (compiled once, bound with `values`; `values.id` names the request they write) followed by the
 * reads of the request and its policy, as one atomic batch. The request as the caller now reads it, or undefined when
 * the first statement claimed nothing (or a unique index refused the batch): nothing was written then.
 */
export async function applyDirect(
  ctx: RequestContext,
  statements: Compiled[],
  values: Record<string, unknown> & { id: string },
): Promise<SessionRequest | undefined> {
  const { request, policy, compiled } = readsOf(ctx.db);
  const all = [...statements, ...compiled].map((statement) => bind(statement, { now: ctx.at, ...values }));
  let results: ResultSet[];
  try {
    results = await writeAtomically(ctx.db, all);
  } catch (error) {
    if (isUniqueViolation(error)) return undefined;
    throw error;
  }
  if (results[0].rowsAffected !== 1) return undefined;
  const [requestRows, policyRows] = results.slice(-2);
  const facts = await written(Promise.resolve(request.mapGetResult(requestRows, true) as RequestFacts | undefined));
  const row = policy.mapGetResult(policyRows, true) as typeof coursePolicies.$inferSelect | undefined;
  return withActions(facts, ctx.user.id, ctx.at, resolvePolicy(facts.courseId, row, ctx.defaults));
}

/** Compiles a direct batch's statements once per database. */
export function compiledPerDatabase<T>(build: (db: Database) => T): (db: Database) => T {
  const built = new WeakMap<Database, T>();
  return (db) => {
    let found = built.get(db);
    if (found === undefined) {
      found = build(db);
      built.set(db, found);
    }
    return found;
  };
}
