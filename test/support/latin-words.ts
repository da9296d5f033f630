// English words inside Japanese text, for tests of the catalogs and of the messages users see.

/**
 * Latin words a Japanese sentence may hold: product and feature names, protocol and format
 * names, and the few lower-case names of API fields and query parameters the text quotes.
 * Identifiers (camelCase, snake_case, CONSTANTS, dotted or hyphenated names, paths, addresses)
 * and upper-case acronyms are recognised by their shape, not listed.
 */
export const ALLOWED_WORDS: ReadonlySet<string> = new Set([
  // Trend Micro products and features, named as in the JP guide
  'Cloud',
  'Email',
  'Gateway',
  'Protection',
  'InterScan',
  'Messaging',
  'Security',
  'Suite',
  'Virtual',
  'Appliance',
  'Web',
  'Trend',
  'Micro',
  'Reputation',
  'Profiler',
  // other products and standards, by their own names
  'Public',
  'Suffix',
  'List',
  'Microsoft',
  'Google',
  'Workspace',
  'Office',
  // names the API and the download use: a query, a query parameter and its values
  'tenants',
  'lang',
  'ja',
  'en',
  'cegp',
  'rehearsal',
]);

/**
 * Runs of ASCII in a Japanese text, without the punctuation around them, that are English
 * words: letters only, not an acronym, not allowed. Anything with a digit, an inner capital or
 * a symbol (X-Tenant-Id, example.co.jp, host:port, user@domain, downloadUrl, "\b", {n,m},
 * MIGRATION_MAX_UPLOAD_MB) is code, and so are upper-case acronyms (DNS, CEGP).
 * `values` are texts the message quotes from the input (names, expressions): left out first.
 */
export function latinWords(ja: string, values: string[] = []): string[] {
  let text = ja;
  for (const v of values) if (v) text = text.split(v).join(' ');
  text = text
    // a GraphQL example (DOMAIN_MX_MISSING) is code from its first "{{" to its last "}}"
    .replace(/\bmutation \{\{[\s\S]*\}\}/g, ' ')
    // placeholders and <cid>-style slots become an identifier, so "mailhost.{host}" stays one token
    .replace(/\{\w+\}|<[^>]+>/g, 'X1');
  const runs = text.match(/[\x21-\x7e]+/g) ?? [];
  return runs
    .map((run) => run.replace(/^[(),;"'!?]+|[(),;"'!?]+$/g, ''))
    .filter((word) => /^[A-Za-z]+$/.test(word) && !/^[A-Z]+$/.test(word) && !/[a-z][A-Z]/.test(word) && !ALLOWED_WORDS.has(word));
}
