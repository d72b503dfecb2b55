import { z } from '@hono/zod-openapi';

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    reason: z.string().optional().openapi({ description: 'Machine-readable business reason (409/422).' }),
    errors: z.array(z.object({ field: z.string(), reason: z.string() })).optional(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
  })
  .openapi('Problem');

export const problemContent = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

/** Business ids become workflow ids: keep them to safe characters. */
export const businessId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1-64 letters, digits, ".", "_" or "-"');

export const isoTimestamp = z.iso.datetime({ offset: true });

export const countryCode = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code');

/** The answers of every route that takes an API key (api/auth.ts). */
export const keyProblems = {
  401: problemContent('No valid credential: an API key, or the link token where the route accepts one'),
  403: problemContent("The key lacks the route's scope; `detail` names the key id"),
};
