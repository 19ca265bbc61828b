// Course endpoints: the course's booking policy, read by its members and set by its educators.
import { createRoute } from '@hono/zod-openapi';
import { changePolicy, readPolicy } from '../domain/policy.ts';
import { createRouter, type Deps } from '../http/router.ts';
import { CourseIdParam, Policy, PolicyBody } from '../schemas.ts';
import { bearer, json, jsonBody, problems } from './openapi.ts';

const tags = ['Courses'];

export function courseRoutes({ db, config, clock }: Deps) {
  return createRouter()
    .openapi(
      createRoute({
        method: 'get',
        operationId: 'getCoursePolicy',
        path: '/{courseId}/policy',
        tags,
        security: bearer,
        summary: "The course's booking policy",
        description: 'Each field is what an educator set, or else the deployment default from the environment.',
        request: { params: CourseIdParam },
        responses: { 200: json(Policy, 'The policy'), ...problems(403) },
      }),
      async (c) => c.json(await readPolicy(db, c.var.user, c.req.valid('param').courseId, config.policy), 200),
    )
    .openapi(
      createRoute({
        method: 'put',
        operationId: 'updateCoursePolicy',
        path: '/{courseId}/policy',
        tags,
        security: bearer,
        summary: "Set some of the course's booking rules",
        description: 'Any subset of the fields; `null` puts a field back to the default. Applies to requests made from now on.',
        request: { params: CourseIdParam, ...jsonBody(PolicyBody) },
        responses: { 200: json(Policy, 'The policy after the change'), ...problems(403) },
      }),
      async (c) => {
        const { courseId } = c.req.valid('param');
        return c.json(await changePolicy(db, c.var.user, courseId, c.req.valid('json'), clock(), config.policy), 200);
      },
    );
}
