// Every response the API test suite receives is checked against the served OpenAPI document with Ajv (a
// validator the API does not use itself): an undocumented status, a field more or less, a wrong type or
// format fails the test that received it.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

interface Operation {
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
}
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, object> } };

let checker: ((method: string, path: string, status: number, type: string, body: unknown) => string | undefined) | undefined;

function build(doc: Document) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({ $id: 'doc', components: doc.components });
  const routes = Object.entries(doc.paths).map(([template, operations]) => ({
    pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
    operations,
  }));
  const validators = new Map<object, ReturnType<typeof ajv.compile>>();
  const rewrite = (schema: object) => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/'));
  return (method: string, path: string, status: number, type: string, body: unknown) => {
    const pathname = new URL(path, 'http://x').pathname;
    const operation = routes.find((route) => route.pattern.test(pathname))?.operations[method.toLowerCase()];
    if (!operation) return undefined; // not an API operation: widgets.js, the demo pages, the document itself
    const response = operation.responses[String(status)];
    if (!response) return `${method} ${pathname}: status ${status} is not documented`;
    const mediaType = type.split(';')[0].trim();
    if (!response.content) return undefined;
    const media = response.content[mediaType];
    if (!media) return `${method} ${pathname} ${status}: content type ${mediaType} is not documented`;
    if (!mediaType.includes('json')) return undefined;
    let validate = validators.get(media.schema);
    if (!validate) {
      validate = ajv.compile(rewrite(media.schema));
      validators.set(media.schema, validate);
    }
    return validate(body) ? undefined : `${method} ${pathname} ${status}: ${ajv.errorsText(validate.errors)}`;
  };
}

/** Why the response does not match the document, or undefined when it does. */
export async function responseProblem(
  app: { request: (path: string) => Response | Promise<Response> },
  [method, path, status, type, body]: [string, string, number, string, unknown],
): Promise<string | undefined> {
  if (!checker) checker = build((await (await app.request('/api/openapi.json')).json()) as Document);
  return checker(method, path, status, type, body);
}
