import { defineErrors } from '../platform/errors.js';

export const dnsErrors = defineErrors({
  DNS_RECORD_NAME_INVALID: {
    en: '"{name}" is not a valid DNS owner name (fully qualified, such as example.co.jp or _dmarc.example.co.jp).',
    ja: '「{name}」は有効な DNS の名前ではありません (example.co.jp や _dmarc.example.co.jp のような完全修飾名にしてください)。',
  },
  DNS_RECORD_TTL_INVALID: { en: 'TTL {ttl} must be between 0 and {max} seconds.', ja: 'TTL {ttl} は 0〜{max} 秒で指定してください。' },
  DNS_RECORD_PRIORITY_INVALID: {
    en: 'An MX record needs a priority between 0 and 65535 (lower is preferred); got "{priority}".',
    ja: 'MX レコードには 0〜65535 の優先度が必要です (小さい値が優先)。指定値:「{priority}」',
  },
  DNS_RECORD_PRIORITY_NOT_ALLOWED: {
    en: 'Only MX records have a priority; remove it from this {type} record.',
    ja: '優先度を指定できるのは MX レコードのみです。{type} レコードからは削除してください。',
  },
  DNS_RECORD_VALUE_INVALID_A: { en: '"{value}" is not an IPv4 address.', ja: '「{value}」は IPv4 アドレスではありません。' },
  DNS_RECORD_VALUE_INVALID_AAAA: { en: '"{value}" is not an IPv6 address.', ja: '「{value}」は IPv6 アドレスではありません。' },
  DNS_RECORD_VALUE_INVALID_HOST: {
    en: '"{value}" is not a host name, which a {type} record must point at.',
    ja: '「{value}」はホスト名ではありません。{type} レコードにはホスト名を指定してください。',
  },
  DNS_RECORD_VALUE_INVALID_TXT: {
    en: 'A TXT value must be 1 to {max} bytes of text without control characters.',
    ja: 'TXT の値は制御文字を含まない 1〜{max} バイトのテキストにしてください。',
  },
  DNS_RECORD_OUTSIDE_ZONE: { en: '{name} is not inside the zone {zone}.', ja: '{name} はゾーン {zone} に含まれていません。' },
  DNS_CNAME_CONFLICT: {
    en: '{name} cannot have a CNAME together with other records (RFC 1034 §3.6.2), and a zone apex cannot be a CNAME.',
    ja: '{name} には CNAME と他のレコードを同時に設定できません (RFC 1034 §3.6.2)。ゾーンの頂点にも CNAME は設定できません。',
  },
  DNS_ZONE_RESERVED: {
    en: '{zone} is, or is above, one of the CEGP host names the mock answers itself (<cid>.in / <cid>.relay of each region); it cannot hold records.',
    ja: '{zone} はモックが自動応答する CEGP のホスト名 (各リージョンの <cid>.in / <cid>.relay) の範囲またはその上位のため、レコードを登録できません。',
  },
  DNS_ZONE_PUBLIC_SUFFIX: {
    en: '{zone} is a public suffix (Public Suffix List): names are registered under it, so it cannot be a zone. Use your registered domain, such as example.{zone}.',
    ja: '{zone} はパブリックサフィックス (Public Suffix List) のため、ゾーンにできません。example.{zone} のような登録済みドメインを指定してください。',
  },
  DNS_RRSET_TOO_LARGE: {
    en: 'The records at {name} would take {octets} octets in an answer, over the {max} a DNS answer over TCP can safely carry; remove some first.',
    ja: '{name} のレコードは応答で {octets} オクテットとなり、TCP の DNS 応答に収まる上限 {max} を超えます。先にいくつか削除してください。',
  },
  DNS_ZONE_OWNED_BY_ANOTHER_TENANT: {
    en: '{zone} is inside, or above, a zone or domain of another tenant.',
    ja: '{zone} は別のテナントのゾーンまたはドメインの範囲内、またはその上位です。',
  },
  DNS_ZONE_FULL: {
    en: 'The zone {zone} already has {max} records, the most it can hold.',
    ja: 'ゾーン {zone} のレコード数が上限の {max} 件に達しています。',
  },
  DNS_RECORD_NOT_FOUND: { en: 'DNS record {id} was not found in this tenant.', ja: 'このテナントに DNS レコード {id} は見つかりません。' },
});
