// `GET` and `PUT /api/me/notifications`: whether the caller gets email, which an unsubscribe link also turns off.
import { createRoute } from '@hono/zod-openapi';
import { emailEnabled, setEmailEnabled } from '../domain/contacts.ts';
import { createRouter, type Deps } from '../http/router.ts';
import { Notifications } from '../schemas.ts';
import { bearer, json, jsonBody, problems } from './openapi.ts';

const tags = ['Identity'];

export const notificationRoutes = ({ db, clock }: Pick<Deps, 'db' | 'clock'>) =>
  createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/me/notifications',
        operationId: 'getNotifications',
        tags,
        security: bearer,
        summary: 'Whether you get email',
        description:
          'Email goes to the address of your token’s `email` claim (or your LTI launch’s), in the language of `locale` and ' +
          'the time zone of `zoneinfo`; without a known address nothing is sent, whatever this says.',
        responses: { 200: json(Notifications, 'Your setting'), ...problems() },
      }),
      async (c) => c.json({ email: await emailEnabled(db, c.var.user.id) }, 200),
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/me/notifications',
        operationId: 'setNotifications',
        tags,
        security: bearer,
        summary: 'Turn your email on or off',
        description: 'Also turns email back on after an unsubscribe link turned it off.',
        request: { ...jsonBody(Notifications) },
        responses: { 200: json(Notifications, 'Your setting after the change'), ...problems() },
      }),
      async (c) => {
        const { email } = c.req.valid('json');
        await setEmailEnabled(db, c.var.user.id, email, clock().toISOString());
        return c.json({ email }, 200);
      },
    );
