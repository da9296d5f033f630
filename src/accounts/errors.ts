import { defineErrors } from '../platform/errors.js';

export const accountErrors = defineErrors({
  TENANT_NOT_FOUND: {
    en: 'Tenant {tenant} was not found. Use the id of a tenant listed by the tenants query, or its company identifier.',
    ja: 'テナント {tenant} が見つかりません。tenants クエリで表示されるテナント ID または会社識別子を指定してください。',
  },
  TENANT_NAME_INVALID: {
    en: 'The tenant name must be 1 to 100 characters.',
    ja: 'テナント名は 1〜100 文字で入力してください。',
  },
  TENANT_COMPANY_ID_INVALID: {
    en: 'The company identifier "{companyId}" is not valid: use one DNS label of lower-case letters, digits and hyphens (at most 63), as it becomes part of <cid>.in.<regional host>.',
    ja: '会社識別子「{companyId}」は無効です。<cid>.in.<リージョンのホスト> の一部になるため、英小文字・数字・ハイフンのみの 63 文字以内の DNS ラベルにしてください。',
  },
  TENANT_COMPANY_ID_LOOKS_LIKE_ID: {
    en: 'The company identifier "{companyId}" has the form of a tenant ID (or is one): X-Tenant-Id accepts both, so it would be ambiguous. Choose another identifier.',
    ja: '会社識別子「{companyId}」はテナント ID と同じ形式 (またはテナント ID そのもの) です。X-Tenant-Id はどちらも受け付けるため区別できなくなります。別の識別子を指定してください。',
  },
  TENANT_COMPANY_ID_TAKEN: {
    en: 'The company identifier "{companyId}" is already used by another tenant.',
    ja: '会社識別子「{companyId}」は別のテナントで使用されています。',
  },
});
