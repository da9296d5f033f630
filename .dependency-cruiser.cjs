// The dependency rules of src/, checked in CI by `npm run lint:deps` (dependency-cruiser).
// The graph (docs/architecture.md): main → app → graphql → capabilities → audit, db, platform,
// and between capabilities the DAG below. Pure files (rule model, route matching, dialect,
// analyzer, DNS answers) serve the relay's hot path and the importer: no database, no files,
// no sockets, no GraphQL. test/scripts/dependency-rules.test.ts feeds these rules small bad
// graphs, so a rule that stops catching what it names fails a test.

/** What each capability may import besides itself (and npm packages). The one source of the DAG. */
const LAYERS = {
  platform: [],
  db: ['platform'],
  audit: ['db', 'platform'],
  accounts: ['audit', 'db', 'platform'],
  domains: ['accounts', 'audit', 'db', 'platform'],
  dns: ['domains', 'accounts', 'audit', 'db', 'platform'],
  policies: ['domains', 'accounts', 'audit', 'db', 'platform'],
  migration: ['policies', 'domains', 'accounts', 'audit', 'db', 'platform'],
  relay: ['policies', 'domains', 'accounts', 'audit', 'db', 'platform'],
};
const CAPABILITIES = Object.keys(LAYERS);

/** Pure files: data in, data out. Each opens with a comment saying "Pure." */
const PURE = [
  '^src/[a-z]+/errors\\.ts$',
  '^src/migration/reports/errors\\.ts$',
  '^src/platform/(errors|text|clock|ip)\\.ts$',
  '^src/db/enums\\.ts$',
  '^src/accounts/(regions|tenant)\\.ts$',
  '^src/domains/(addresses|capture-host|domain|domain-name|delivery-address|public-suffix|verification-reasons)\\.ts$',
  '^src/relay/(delivery-targets|retry-schedule|capture-reply|message-status|delivery-decision|bounce-input|smtp-replies|process-task)\\.ts$',
  '^src/dns/(answer|record|query-check|zone-snapshot|regional-zone)\\.ts$',
  '^src/policies/(rule|rule-codec|route-match|validate-rule|rule-list|keyword-dialect|keyword-translate|keyword-problem|test-keywords|default-rules|policy-labels|rule-input|true-file-types|policy-snapshot)\\.ts$',
  // The policy engine: compiled rules evaluated on message facts, no I/O (issue 8).
  '^src/policies/engine/(?!load-)[a-z-]+\\.ts$',
  '^src/migration/(analyzer|analyze-rules|analyze-objects|item-messages|export-schema|ini|plan|prerequisites|source|bundle|parse-source|failure-codes|progress-steps)\\.ts$',
  '^src/migration/reports/(build-report|report|report-text|report-link|report-expiry|report-download-rules)\\.ts$',
  // The relay's rewriter: the plan, the stamp splice, delimiter lines and tree questions on bytes and nodes.
  '^src/relay/(rewrite-plan|stamp-body|mime-delimiters|mime-tree)\\.ts$',
  // The relay's message parser: budgets, decoders, header and HTML text, test signals.
  '^src/relay/(parse-budget|japanese-decoder|charset-decoder|message-headers|html-text|test-signals)\\.ts$',
  // Attachment inspection's format rules and budgets: bytes in, facts out (the adapters read the files).
  '^src/relay/inspect/(inspection-budget|inspection-state|signatures|zip-names|text-decode|archive-headers|lzma-decode|bounded-inflate|pdf-scan|pdf-names|ooxml|sanitize-result)\\.ts$',
  // The tracking searches' rules and bounds (Logs, Quarantine), captured-message links.
  '^src/relay/(tracking-search|tracking-errors|simulation-input|captured-link|message-status|smtp-replies)\\.ts$',
];

/** What pure files may not reach: I/O, the database client, GraphQL. */
const IMPURE_MODULES = [
  '^(node:)?(fs|fs/promises|net|dgram|dns|http|https|http2|tls|child_process|worker_threads|cluster)$',
  '(^|/)node_modules/(@prisma|prisma|pg|better-sqlite3|graphql|graphql-yoga|@pothos|piscina|pdfkit|yauzl|pino)(/|$)',
  '^src/generated/prisma/[^/]+/client\\.ts$',
  '^src/db/(client|bulk-insert|migrate)\\.ts$',
  '^src/graphql/',
  '^src/app/',
];

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules import each other in a circle: split the shared notion into the lower one.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'capability-imports-graphql-or-app',
      severity: 'error',
      comment: 'Capabilities sit below the GraphQL layer and the composition root: they never import them.',
      from: { path: `^src/(${CAPABILITIES.join('|')})/` },
      to: { path: '^src/(graphql|app|main\\.ts|config\\.ts)' },
    },
    {
      name: 'graphql-imports-app',
      severity: 'error',
      comment: 'The GraphQL layer is wired by app/, never the other way round.',
      from: { path: '^src/graphql/' },
      to: { path: '^src/(app/|main\\.ts)' },
    },
    ...CAPABILITIES.map((cap) => ({
      name: `${cap}-imports-upward`,
      severity: 'error',
      comment: `${cap} may import only ${LAYERS[cap].join(', ') || 'itself'} (the capability DAG in .dependency-cruiser.cjs).`,
      from: { path: `^src/${cap}/` },
      to: {
        path: '^src/',
        // Prisma's generated row types belong to the db layer every capability stands on.
        pathNot: [`^src/${cap}/`, '^src/generated/', ...LAYERS[cap].map((dep) => `^src/${dep}/`)],
      },
    })),
    {
      name: 'pure-imports-io',
      severity: 'error',
      comment: 'A pure file reaches the database, files, sockets or GraphQL: pass the data in instead.',
      from: { path: PURE },
      to: { path: IMPURE_MODULES },
    },
    {
      name: 'pure-imports-impure-sibling',
      severity: 'error',
      comment: 'A pure file imports a use-case or adapter: pure files import only pure files.',
      from: { path: PURE },
      to: { path: '^src/', pathNot: [...PURE, '^src/generated/prisma/[^/]+/enums\\.ts$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/generated/prisma/[^/]+/(internal|models)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
