import { defineErrors, renderBoth, type LocalizedText, type MessageTemplate } from '../platform/errors.js';

export const domainErrors = defineErrors({
  DOMAIN_NAME_EMPTY: { en: 'Enter a domain name.', ja: 'ドメイン名を入力してください。' },
  DOMAIN_NAME_INVALID: {
    en: '"{name}" is not a valid domain name: use letters, digits and hyphens in dot-separated labels (internationalised names are accepted).',
    ja: '「{name}」は有効なドメイン名ではありません。英数字とハイフンをドットで区切って入力してください (国際化ドメイン名も使用できます)。',
  },
  DOMAIN_NAME_LABEL_TOO_LONG: {
    en: '"{name}" has a label longer than 63 characters (after IDN conversion), which DNS does not allow.',
    ja: '「{name}」には 63 文字 (IDN 変換後) を超えるラベルがあります。DNS では使用できません。',
  },
  DOMAIN_NAME_TOO_LONG: {
    en: '"{name}" is longer than 253 characters (after IDN conversion), which DNS does not allow.',
    ja: '「{name}」は 253 文字 (IDN 変換後) を超えています。DNS では使用できません。',
  },
  DOMAIN_NAME_NOT_FQDN: {
    en: '"{name}" is not a fully qualified domain name such as example.co.jp.',
    ja: '「{name}」は完全修飾ドメイン名 (例: example.co.jp) ではありません。',
  },
  DOMAIN_PUBLIC_SUFFIX: {
    en: '{name} is a public suffix (Public Suffix List), under which others register their domains; add your own domain, such as example.{name}.',
    ja: '{name} はパブリックサフィックス (Public Suffix List) で、他者がその下にドメインを登録します。example.{name} のようなご自身のドメインを追加してください。',
  },
  DOMAIN_ALREADY_EXISTS: {
    en: 'The domain {name} is already registered (a mail domain can belong to one tenant only).',
    ja: 'ドメイン {name} はすでに登録されています (メールドメインは 1 つのテナントにのみ登録できます)。',
  },
  /** `detail`: mxMissingDetail. */
  DOMAIN_MX_MISSING: {
    en: 'No MX record was found for {name} ({detail}). CEGP accepts a domain only when it has an MX record. Publish one in the mock DNS first, for example: mutation {{ setDnsRecord(input: {{ name: "{name}", type: MX, priority: 10, value: "mail.{name}" }}) {{ record {{ id }} userErrors {{ code message }} }} }}',
    ja: '{name} の MX レコードが見つかりません ({detail})。CEGP は MX レコードがあるドメインのみ追加できます。先にモック DNS に MX レコードを登録してください。例: mutation {{ setDnsRecord(input: {{ name: "{name}", type: MX, priority: 10, value: "mail.{name}" }}) {{ record {{ id }} userErrors {{ code message }} }} }}',
  },
  /** `resolver`: resolverName (dns-lookup.ts); `detail`: dnsErrorDetail. */
  DOMAIN_DNS_UNAVAILABLE: {
    en: 'No answer came from {resolver} for {name} ({detail}). Try again, or check DNS_RESOLVER.',
    ja: '{resolver} から {name} の応答がありません ({detail})。再試行するか、DNS_RESOLVER の設定を確認してください。',
  },
  DOMAIN_NOT_FOUND: { en: 'Domain {id} was not found in this tenant.', ja: 'このテナントにドメイン {id} は見つかりません。' },
  INBOUND_SERVERS_TOO_MANY: {
    en: 'A domain can have at most {max} inbound servers; {count} were given.',
    ja: '受信サーバは最大 {max} 件まで指定できます ({count} 件指定されています)。',
  },
  INBOUND_SERVER_HOST_INVALID: {
    en: 'Inbound server {index}: "{host}" is not an IP address or a host name.',
    ja: '受信サーバ {index}:「{host}」は IP アドレスでもホスト名でもありません。',
  },
  INBOUND_SERVER_HOST_BARE_DOMAIN: {
    en: 'Inbound server {index}: "{host}" is a domain, not a mail host. Enter the FQDN of the server, such as mailhost.{host}.',
    ja: '受信サーバ {index}:「{host}」はドメインであり、メールサーバのホスト名ではありません。mailhost.{host} のようにサーバの FQDN を入力してください。',
  },
  INBOUND_SERVER_HOST_NOT_ALLOWED: {
    en: 'Inbound server {index}: the relay may not deliver mail to {host}, which is {reason}. Enter the address or host name of your mail server.',
    ja: '受信サーバ {index}: {host} は{reason}のため、リレーはメールを配信できません。メールサーバのアドレスまたはホスト名を入力してください。',
  },
  INBOUND_SERVER_DUPLICATE: {
    en: 'Inbound server {index} repeats inbound server {first} ({host} port {port} for {recipient}): list each server once.',
    ja: '受信サーバ {index} は受信サーバ {first} と同じです ({recipient} → {host}、ポート {port})。同じサーバは 1 回だけ指定してください。',
  },
  INBOUND_SERVER_PORT_INVALID: {
    en: 'Inbound server {index}: port {port} is outside 1–65535.',
    ja: '受信サーバ {index}: ポート {port} は 1〜65535 の範囲外です。',
  },
  INBOUND_SERVER_PREFERENCE_INVALID: {
    en: 'Inbound server {index}: preference {preference} is outside 1–100 (lower is tried first).',
    ja: '受信サーバ {index}: 優先度 {preference} は 1〜100 の範囲外です (小さい値が優先されます)。',
  },
  INBOUND_SERVER_RECIPIENT_INVALID: {
    en: 'Inbound server {index}: recipient "{recipient}" must be "*" or an address of {domain} (such as *@{domain} or user@{domain}).',
    ja: '受信サーバ {index}: 受信者「{recipient}」は「*」または {domain} のアドレス (*@{domain}、user@{domain} など) にしてください。',
  },
  OUTBOUND_SERVERS_TOO_MANY: {
    en: 'A domain can have at most {max} outbound servers; {count} were given.',
    ja: '送信サーバは最大 {max} 件まで指定できます ({count} 件指定されています)。',
  },
  OUTBOUND_SERVER_HOST_INVALID: {
    en: 'Outbound server {index}: "{host}" is not an IP address, a CIDR block or a host name.',
    ja: '送信サーバ {index}:「{host}」は IP アドレス、CIDR、ホスト名のいずれでもありません。',
  },
  OUTBOUND_SERVERS_REQUIRED: {
    en: 'User-defined outbound servers need at least one server.',
    ja: 'ユーザー定義の送信サーバを選択した場合は、サーバを 1 件以上指定してください。',
  },
  OUTBOUND_SERVERS_NOT_ALLOWED: {
    en: 'Outbound servers of type {type} take no host list; use USER_DEFINED to list your own MTAs.',
    ja: '{type} の送信サーバにはホストを指定できません。独自の MTA を指定するには USER_DEFINED を選択してください。',
  },
  OUTBOUND_PROTECTION_TRIAL: {
    en: 'Outbound protection cannot be enabled on a trial tenant (as in CEGP).',
    ja: '体験版のテナントでは送信保護を有効にできません (CEGP と同じ制限です)。',
  },
});

/**
 * The `{resolver}` and `{detail}` of DOMAIN_MX_MISSING and DOMAIN_DNS_UNAVAILABLE, in both
 * languages (a Japanese message embeds no English); the answer and error codes stay as DNS
 * and Node name them, something to search for.
 */
export const DOMAIN_DETAILS = {
  RESOLVER_AT: { en: 'the DNS resolver {address}', ja: 'DNS リゾルバー {address}' },
  RESOLVER_SYSTEM: { en: 'the system resolver', ja: 'システムの DNS リゾルバー' },
  MX_NEGATIVE: { en: '{answer} from {resolver}', ja: '{resolver} の応答: {answer}' },
} as const satisfies Record<string, MessageTemplate>;

/** What a resolver error code means (Node's c-ares codes a look-up can end with); others are named only. */
export const DNS_ERROR_TEXTS = {
  ETIMEOUT: { en: 'ETIMEOUT: no answer in time', ja: 'ETIMEOUT: 時間内に応答がありませんでした' },
  ECONNREFUSED: { en: 'ECONNREFUSED: the connection was refused', ja: 'ECONNREFUSED: 接続が拒否されました' },
  ESERVFAIL: { en: 'ESERVFAIL: the server failed to answer', ja: 'ESERVFAIL: サーバーが応答できませんでした (SERVFAIL)' },
  EBADRESP: { en: 'EBADRESP: the answer was malformed', ja: 'EBADRESP: 応答の形式が正しくありません' },
  EFORMERR: { en: 'EFORMERR: the server could not read the query', ja: 'EFORMERR: サーバーが問い合わせを解釈できませんでした' },
  ENOTIMP: { en: 'ENOTIMP: the server does not implement this query', ja: 'ENOTIMP: サーバーがこの問い合わせに対応していません' },
  EOF: { en: 'EOF: the answer ended early', ja: 'EOF: 応答が途中で終わりました' },
  ECANCELLED: { en: 'ECANCELLED: the look-up was cancelled', ja: 'ECANCELLED: 問い合わせが取り消されました' },
} as const satisfies Record<string, MessageTemplate>;

/** A resolver at `address` (host:port), or the system's own when null. */
export function resolverName(address: string | null): LocalizedText {
  return address === null ? DOMAIN_DETAILS.RESOLVER_SYSTEM : renderBoth(DOMAIN_DETAILS.RESOLVER_AT, { address });
}

/** DOMAIN_MX_MISSING's detail: the negative answer (NXDOMAIN, NODATA, REFUSED) and who gave it. */
export function mxMissingDetail(answer: string, resolver: LocalizedText): LocalizedText {
  return renderBoth(DOMAIN_DETAILS.MX_NEGATIVE, { answer, resolver });
}

/** DOMAIN_DNS_UNAVAILABLE's detail: the error code, with what it means when it is a known one. */
export function dnsErrorDetail(code: string): LocalizedText {
  return Object.hasOwn(DNS_ERROR_TEXTS, code) ? DNS_ERROR_TEXTS[code as keyof typeof DNS_ERROR_TEXTS] : { en: code, ja: code };
}
