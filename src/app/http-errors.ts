// Refusals of the HTTP listener, before GraphQL runs: a status and a JSON body
// `{ errors: [{ message, extensions: { code } }] }` (the GraphQL-over-HTTP error shape, so a
// client reads every refusal the same way), in Japanese or English by Accept-Language.
import { defineErrors } from '../platform/errors.js';

export const httpErrors = defineErrors({
  LENGTH_REQUIRED: {
    en: 'A Content-Length header is required.',
    ja: 'Content-Length ヘッダーが必要です。',
  },
  REQUEST_TOO_LARGE: {
    en: 'The request body is larger than {maxBytes} bytes (GRAPHQL_MAX_BODY_BYTES).',
    ja: 'リクエスト本文が {maxBytes} バイト (GRAPHQL_MAX_BODY_BYTES) を超えています。',
  },
  REQUEST_PATH_NOT_FOUND: {
    en: 'Nothing is served at "{path}": the API is at /graphql, health at /healthz.',
    ja: '「{path}」には何もありません。API は /graphql、ヘルスチェックは /healthz です。',
  },
  REQUEST_HOST_NOT_ALLOWED: {
    en: 'This server does not answer for the host "{host}". Use one of the names in ALLOWED_HOSTS ({allowed}).',
    ja: 'このサーバーはホスト名「{host}」では応答しません。ALLOWED_HOSTS に含まれる名前 ({allowed}) を使用してください。',
  },
  REQUEST_ORIGIN_NOT_ALLOWED: {
    en: 'Requests from pages of {origin} are not accepted. Add the origin to CORS_ORIGINS to allow it.',
    ja: '{origin} のページからのリクエストは受け付けません。許可するにはオリジンを CORS_ORIGINS に追加してください。',
  },
  REQUEST_CONTENT_TYPE_UNSUPPORTED: {
    en: 'Content-Type "{contentType}" is not accepted. Send application/json (or multipart/form-data for uploads).',
    ja: 'Content-Type「{contentType}」は受け付けません。application/json (アップロードは multipart/form-data) で送信してください。',
  },
});
