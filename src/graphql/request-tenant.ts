// Which tenant a request names: the X-Tenant-Id header, or, for a subscription a browser opens
// with EventSource (which cannot send headers), the `tenant` query parameter. Both take the
// same forms (global ID, raw id, company identifier). Anywhere else the parameter is refused
// rather than ignored, so that a request never silently runs in the default tenant.
import { GraphQLError } from 'graphql';
import { defineErrors, type Locale } from '../platform/errors.js';

export const TENANT_PARAMETER = 'tenant';

/** Request values echoed in a refusal are cut to this many characters (the listener's own bound). */
const ECHO_MAX_CHARS = 100;

export const tenantRequestErrors = defineErrors({
  TENANT_PARAMETER_NOT_ALLOWED: {
    en: `The query parameter ${TENANT_PARAMETER} is only for subscriptions over EventSource (GET with Accept: text/event-stream), which cannot send headers; send the X-Tenant-Id header instead.`,
    ja: `クエリパラメーター ${TENANT_PARAMETER} は、ヘッダーを送信できない EventSource でのサブスクリプション (Accept: text/event-stream の GET) 専用です。代わりに X-Tenant-Id ヘッダーを送信してください。`,
  },
  TENANT_PARAMETER_CONFLICT: {
    en: `The X-Tenant-Id header ("{header}") and the query parameter ${TENANT_PARAMETER} ("{parameter}") name different tenants; send only one of them.`,
    ja: `X-Tenant-Id ヘッダー (「{header}」) とクエリパラメーター ${TENANT_PARAMETER} (「{parameter}」) が異なるテナントを指定しています。どちらか一方だけを送信してください。`,
  },
});

/** A GET that asks for Server-Sent Events, as EventSource sends it. */
export function isEventStreamGet(request: Request): boolean {
  if (request.method !== 'GET') return false;
  const accept = request.headers.get('accept') ?? '';
  return accept.split(',').some((range) => range.split(';')[0]!.trim().toLowerCase() === 'text/event-stream');
}

function refusal(code: keyof typeof tenantRequestErrors.templates, params: Record<string, string>, locale: Locale): GraphQLError {
  const e = tenantRequestErrors.error(code, params);
  return new GraphQLError(e.messageIn(locale), { extensions: { code: e.code, http: { status: 400 } } });
}

/**
 * The tenant of the request, found by `find` (null: the default tenant). With both the
 * header and the parameter, they must name the same tenant.
 */
export async function tenantOfRequest<T extends { id: string }>(
  request: Request,
  locale: Locale,
  find: (wanted: string | null) => Promise<T>,
): Promise<T> {
  const header = request.headers.get('x-tenant-id')?.trim() || null;
  const parameter = new URL(request.url).searchParams.get(TENANT_PARAMETER)?.trim() || null;
  if (parameter === null) return find(header);
  if (!isEventStreamGet(request)) throw refusal('TENANT_PARAMETER_NOT_ALLOWED', {}, locale);
  if (header === null) return find(parameter);
  const [byHeader, byParameter] = await Promise.all([find(header), find(parameter)]);
  if (byHeader.id !== byParameter.id)
    throw refusal(
      'TENANT_PARAMETER_CONFLICT',
      { header: header.slice(0, ECHO_MAX_CHARS), parameter: parameter.slice(0, ECHO_MAX_CHARS) },
      locale,
    );
  return byHeader;
}
