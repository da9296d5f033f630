// The migration API as a frontend calls it, for `npm run bench:hostile`: the tenant's
// domains verified over the mock DNS, an export uploaded as a GraphQL multipart request
// (https://github.com/jaydenseric/graphql-multipart-request-spec), an import confirmed,
// and the report PDF fetched at the signed link the API hands out.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gql, type BenchServer } from './bench-server.js';

/** A multipart request needs a custom header against CSRF (src/graphql/use-csrf-header.ts). */
const CSRF_HEADER = 'x-graphql-yoga-csrf';
/** Bound on one upload or import: far above the 10 s target, so only a hung server is cut. */
export const MIGRATION_REQUEST_TIMEOUT_MS = 10 * 60 * 1000;
/** Bound on one PDF download (the first renders it on the render thread). */
export const DOWNLOAD_TIMEOUT_MS = 5 * 60 * 1000;

const RUN = 'id state failure { code message } counts { total } analysisReport { downloadUrl } migrationReport { downloadUrl }';

export interface RunView {
  id: string;
  state: string;
  failure: { code: string; message: string } | null;
  counts: { total: number };
  analysisReport: { downloadUrl: string } | null;
  migrationReport: { downloadUrl: string } | null;
}

export interface UploadResult {
  status: number;
  run: RunView | null;
  userErrors: { code: string; message: string }[];
  /** A GraphQL or HTTP error, as a sentence. */
  error: string | null;
}

/** MX, addDomain, TXT tmes=, verifyDomain: the tenant owns the export's domains. */
export async function verifyDomains(server: BenchServer, domains: string[]): Promise<void> {
  const setRecord = `mutation($input: SetDnsRecordInput!) { setDnsRecord(input: $input) { record { id } userErrors { code message } } }`;
  for (const name of domains) {
    await gql(server, setRecord, { input: { name, type: 'MX', priority: 10, value: `mail.${name}` } });
    const added = await gql(
      server,
      `mutation($input: AddDomainInput!) { addDomain(input: $input) { domain { id verificationRecord { value } } userErrors { code message } } }`,
      {
        input: { name, inboundServers: [{ host: `mail.${name}` }] },
      },
    );
    const domain = added.addDomain.domain;
    if (!domain) throw new Error(`addDomain ${name} was refused: ${JSON.stringify(added.addDomain.userErrors)}`);
    await gql(server, setRecord, { input: { name, type: 'TXT', value: domain.verificationRecord.value } });
    const verified = await gql(server, `mutation($id: ID!) { verifyDomain(id: $id) { domain { status } userErrors { code message } } }`, {
      id: domain.id,
    });
    if (verified.verifyDomain.domain?.status !== 'COMPLETED')
      throw new Error(`${name} could not be verified: ${JSON.stringify(verified.verifyDomain)}`);
  }
}

export async function uploadExport(server: BenchServer, path: string): Promise<UploadResult> {
  const form = new FormData();
  form.set(
    'operations',
    JSON.stringify({
      query: `mutation($file: Upload!) { startMigration(file: $file) { run { ${RUN} } userErrors { code message } } }`,
      variables: { file: null },
    }),
  );
  form.set('map', JSON.stringify({ 0: ['variables.file'] }));
  form.set('0', new Blob([readFileSync(path)]), basename(path));
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    body: form,
    headers: { [CSRF_HEADER]: '1' },
    signal: AbortSignal.timeout(MIGRATION_REQUEST_TIMEOUT_MS),
  });
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    return { status: res.status, run: null, userErrors: [], error: `HTTP ${res.status}: ${text.slice(0, 200)}` };
  }
  const payload = body.data?.startMigration;
  const error = body.errors?.length
    ? body.errors.map((e: { message: string }) => e.message).join('; ')
    : res.ok
      ? null
      : `HTTP ${res.status}`;
  return { status: res.status, run: payload?.run ?? null, userErrors: payload?.userErrors ?? [], error };
}

export async function confirmImport(
  server: BenchServer,
  runId: string,
): Promise<{ run: RunView | null; userErrors: { code: string; message: string }[] }> {
  const data = await gql(server, `mutation($id: ID!) { confirmMigration(id: $id) { run { ${RUN} } userErrors { code message } } }`, {
    id: runId,
  });
  return data.confirmMigration;
}

export interface Download {
  status: number;
  bytes: number;
  seconds: number;
  contentType: string;
}

/** GETs a report link (a path from downloadUrl, or an absolute URL) and reads the body. */
export async function download(server: BenchServer, link: string): Promise<Download> {
  const start = performance.now();
  const res = await fetch(new URL(link, server.url), { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  const body = await res.arrayBuffer();
  return {
    status: res.status,
    bytes: body.byteLength,
    seconds: (performance.now() - start) / 1000,
    contentType: res.headers.get('content-type') ?? '',
  };
}
