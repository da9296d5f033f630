// One upload limit, MIGRATION_MAX_UPLOAD_MB, applied while yoga reads a multipart request.
// yoga parses multipart with @whatwg-node/fetch (busboy underneath), whose limits are set
// through the Fetch API it is given (graphql-yoga docs, "File uploads: configuring
// multipart request processing"). Without them a 100 MB body could be a million tiny parts,
// each an object in memory. A file that passes the limit stops the parser at once; yoga
// answers 413 "File size limit exceeded", which this plugin turns into BUNDLE_TOO_LARGE, the
// same answer the listener gives before reading when Content-Length already says so.
import { createFetch, type FormDataLimits } from '@whatwg-node/fetch';
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { bundleErrors } from '../migration/bundle.js';
import { localeFrom } from './locale.js';

/** startMigration takes one file; no mutation takes more. */
export const MAX_UPLOAD_FILES = 1;
/** The multipart request spec's fields besides the files: `operations` and `map`. */
export const MAX_UPLOAD_FIELDS = 2;

/** busboy's message when a file passes `fileSize` (@whatwg-node/node-fetch Body.formData). */
const FILE_TOO_LARGE = 'File size limit exceeded: ';

export interface UploadLimits {
  maxUploadBytes: number;
  /** Largest `operations` / `map` field: the GraphQL request they carry (GRAPHQL_MAX_BODY_BYTES). */
  maxFieldBytes: number;
}

/** The Fetch API yoga parses requests with, with multipart limits. */
export function uploadFetchAPI(limits: UploadLimits) {
  const formDataLimits: FormDataLimits = {
    fileSize: limits.maxUploadBytes,
    files: MAX_UPLOAD_FILES,
    fields: MAX_UPLOAD_FIELDS,
    parts: MAX_UPLOAD_FILES + MAX_UPLOAD_FIELDS,
    fieldSize: limits.maxFieldBytes,
    // Part headers keep busboy's bound, 80 KiB each (@fastify/busboy `headerSize`, bytes,
    // although @whatwg-node/fetch's typings call it a number of pairs).
  };
  return createFetch({ formDataLimits });
}

export function useUploadLimit(limits: UploadLimits): Plugin {
  const maxMb = Math.round(limits.maxUploadBytes / 1024 / 1024);
  return {
    onResultProcess({ request, result, setResult }) {
      if (Array.isArray(result) || !(result as ExecutionResult).errors?.some((e) => e.message.startsWith(FILE_TOO_LARGE))) return;
      const e = bundleErrors.error('BUNDLE_TOO_LARGE', { maxMb });
      const message = e.messageIn(localeFrom(request.headers.get('accept-language')));
      setResult({ errors: [new GraphQLError(message, { extensions: { code: e.code, http: { status: 413 } } })] });
    },
  };
}
