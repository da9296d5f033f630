// The GraphQL HTTP handler: tenant and locale per request, masking of unexpected errors,
// query limits on by default (depth, aliases, cost, tokens; graphql-armor), the CSRF header
// on GET and multipart, CORS only for CORS_ORIGINS, and no schema hints outside development.
import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
import { accountErrors } from '../accounts/errors.js';
import { findTenantById, findTenantByIdOrCompanyId, type RequestTenant } from '../accounts/find-request-tenant.js';
import { LOCAL_ADMIN, useCaseContext } from '../db/use-case-context.js';
import type { GraphQLContext, GraphQLServices } from './context.js';
import { localeFrom } from './locale.js';
import { tenantOfRequest } from './request-tenant.js';
import { schema } from './schema.js';
import { MAX_PAGE_SIZE } from './builder.js';
import { usePageSizeLimit } from './use-page-size-limit.js';
import { useCompiledQueries } from './use-compiled-queries.js';
import { CSRF_HEADER, useCsrfHeader } from './use-csrf-header.js';
import { useJsonParams } from './use-json-params.js';
import { useQuietErrors } from './use-quiet-errors.js';
import { uploadFetchAPI, useUploadLimit, type UploadLimits } from './use-upload-limit.js';

/** Limits on every operation; each is far above what the frontend's queries need. */
export const QUERY_LIMITS = {
  /** Depth of the deepest selection (a connection of connections is about 8). */
  maxDepth: 12,
  /** Aliases per operation: blocks "the same field 1,000 times" amplification. */
  maxAliases: 15,
  /**
   * graphql-armor's cost model (2 per object, 1 per scalar, ×1.5 per level). The
   * frontend's list queries cost 6,000–8,000; nested connection abuse costs millions.
   */
  maxCost: 100_000,
  /** Lexer tokens: bounds parse time of a request before validation runs. */
  maxTokens: 2000,
} as const;

const GRAPHIQL_DEFAULT_QUERY = `# cegp-rehearsal: domains of the default tenant (send X-Tenant-Id to pick another).
query Domains {
  tenant { name companyId inboundHost }
  domains(first: 20) {
    totalCount
    edges { node { id name status verificationRecord { name type value } configurationIssues { code message } } }
  }
}
`;

export interface YogaOptions {
  services: GraphQLServices;
  defaultTenantId: () => Promise<string>;
  /** Serialized origins that get CORS headers; the server's own pages need none. */
  corsOrigins: readonly string[];
  /**
   * yoga's own body limit (its default, 25,000,000 bytes, would cut uploads at about 24 MB):
   * the listener's largest accepted body, which it has checked against Content-Length already.
   */
  maxRequestBodyBytes: number;
  /** MIGRATION_MAX_UPLOAD_MB for the file, GRAPHQL_MAX_BODY_BYTES for `operations`. */
  uploadLimits: UploadLimits;
  /** Keep "Did you mean …" and parser details in errors (NODE_ENV=development). */
  errorHints: boolean;
}

/** Request headers a CORS origin may send: what the API reads, and the CSRF header. */
const CORS_ALLOWED_HEADERS = ['content-type', 'accept', 'accept-language', 'x-tenant-id', CSRF_HEADER];

export type Yoga = YogaServerInstance<Record<string, never>, GraphQLContext>;

export function createGraphQLHandler(opts: YogaOptions): Yoga {
  const { services } = opts;
  const defaultTenantId = onceDefaultTenantId(opts.defaultTenantId);
  return createYoga<Record<string, never>, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // GraphiQL with its assets bundled, so it works on machines without internet access.
    // Loaded on the first browser visit: the bundle costs ~75 MB of memory.
    renderGraphiQL: async (options) => (await import('@graphql-yoga/render-graphiql')).renderGraphiQL(options),
    graphiql: {
      title: 'cegp-rehearsal GraphQL',
      defaultQuery: GRAPHIQL_DEFAULT_QUERY,
      headers: JSON.stringify({ 'Accept-Language': 'ja' }),
      // GETs need the header (use-csrf-header.ts); only EventSource subscriptions go without.
      additionalHeaders: { [CSRF_HEADER]: 'graphiql' },
    },
    // A function, not a list: yoga reflects any Origin, with credentials, for an empty list
    // (@whatwg-node/server useCors). No credentials: the API uses no cookies.
    cors: (request) => {
      const origin = request.headers.get('origin');
      return origin !== null && opts.corsOrigins.includes(origin)
        ? { origin: [origin], credentials: false, methods: ['GET', 'POST'], allowedHeaders: CORS_ALLOWED_HEADERS }
        : false;
    },
    maxRequestBodySize: opts.maxRequestBodyBytes,
    fetchAPI: uploadFetchAPI(opts.uploadLimits),
    maskedErrors: { isDev: false },
    logging: services.log,
    plugins: [
      useCsrfHeader({ maxTokens: QUERY_LIMITS.maxTokens }),
      useJsonParams(),
      useUploadLimit(opts.uploadLimits),
      !opts.errorHints && useQuietErrors(),
      maxTokensPlugin({ n: QUERY_LIMITS.maxTokens }),
      maxDepthPlugin({ n: QUERY_LIMITS.maxDepth, ignoreIntrospection: true, flattenFragments: true }),
      maxAliasesPlugin({ n: QUERY_LIMITS.maxAliases }),
      costLimitPlugin({ maxCost: QUERY_LIMITS.maxCost, ignoreIntrospection: true }),
      usePageSizeLimit(MAX_PAGE_SIZE),
      useCompiledQueries(services.log),
    ],
    context: async ({ request }): Promise<GraphQLContext> => {
      const locale = localeFrom(request.headers.get('accept-language'));
      // X-Tenant-Id, or the `tenant` parameter of an EventSource subscription (request-tenant.ts).
      const tenant = await tenantOfRequest(request, locale, (wanted) => resolveTenant(services, wanted, defaultTenantId, locale));
      return {
        db: services.db,
        tenant,
        locale,
        actor: LOCAL_ADMIN,
        services,
        signal: request.signal,
        useCase: () => useCaseContext(services, { tenantId: tenant.id, actor: LOCAL_ADMIN }),
      };
    },
  });
}

/**
 * The default tenant's id, read once: it is made at start-up and never changes or goes away
 * while the server runs, so a request without X-Tenant-Id costs one tenant lookup (as one
 * with it does), not two. A failed read is not kept.
 */
function onceDefaultTenantId(read: () => Promise<string>): () => Promise<string> {
  let id: Promise<string> | null = null;
  return () =>
    (id ??= read().catch((err: unknown) => {
      id = null;
      throw err;
    }));
}

async function resolveTenant(
  services: GraphQLServices,
  header: string | null,
  defaultTenantId: () => Promise<string>,
  locale: 'en' | 'ja',
): Promise<RequestTenant> {
  const wanted = header?.trim();
  if (!wanted) {
    const id = await defaultTenantId();
    const tenant = await findTenantById(services.db, id);
    if (!tenant) throw new Error(`the default tenant ${id} is gone from the database`);
    return tenant;
  }
  let rawId = wanted;
  try {
    const decoded = decodeGlobalID(wanted);
    if (decoded.typename === 'Tenant') rawId = decoded.id;
  } catch {
    // not a global ID: a raw id or a company identifier
  }
  const tenant = await findTenantByIdOrCompanyId(services.db, rawId, wanted.toLowerCase());
  if (!tenant) {
    const e = accountErrors.error('TENANT_NOT_FOUND', { tenant: wanted });
    throw new GraphQLError(e.messageIn(locale), { extensions: { code: e.code, http: { status: 400 } } });
  }
  return tenant;
}
