// The IMSS/IMSVA export as typed data (docs/export-format.md §3–§9). Pure types.

export interface SourceManifest {
  product: string;
  version: string;
  build: string;
  language: string;
  exportedAt: string;
  host: string;
}

export interface SourceRouteSide {
  anyone: boolean;
  addresses: string[];
  groupRefs: string[];
  ldapUsers: { mail: string; dn: string }[];
  ldapGroups: string[];
}

export interface SourceException {
  sender: SourceRouteSide;
  recipient: SourceRouteSide;
}

export type SizeUnit = 'B' | 'KB' | 'MB';

export type SourceCondition = { path: string } & (
  | { kind: 'attachmentNames'; selected: boolean; values: string[] }
  | { kind: 'attachmentMimeTypes'; selected: boolean; values: string[] }
  | { kind: 'attachmentTrueFileTypes'; selected: boolean; values: string[] }
  | { kind: 'attachmentSize'; op: 'gt' | 'le'; bytes: number }
  | { kind: 'attachmentCount'; op: 'gt' | 'le'; count: number }
  | { kind: 'passwordProtected' | 'activeContent' | 'subjectBlank' | 'bodyBlank' | 'envelopeSenderBlank' }
  | { kind: 'headerSenderDiffersFromEnvelope' | 'headerSenderDiffersFromReplyTo' | 'virus' }
  | { kind: 'messageSize'; op: 'gt' | 'le'; bytes: number }
  | { kind: 'subjectKeywords' | 'bodyKeywords' | 'attachmentContentKeywords'; listRefs: string[] }
  | { kind: 'headerKeywords'; header: string; listRefs: string[] }
  | { kind: 'recipientCount'; op: 'gt' | 'le'; count: number }
  | { kind: 'spam' | 'webReputation'; level: string }
  | { kind: 'dlp'; templateRefs: string[] }
  | { kind: 'cncEmail' | 'receivedTimeRange' | 'unableToDecrypt' | 'spoofedInternal' }
);

export type SourceConditionKind = SourceCondition['kind'];

export type SourceAction = { path: string } & (
  | { kind: 'xHeader'; name: string; value: string }
  | { kind: 'stamp'; ref: string }
  | { kind: 'tagSubject'; text: string; skipSigned: boolean }
  | { kind: 'deleteAttachments' | 'cleanMalware' | 'encrypt' }
  | { kind: 'sanitize'; deleteIfUnable: boolean }
  | { kind: 'postponeDelivery'; until: string }
  | { kind: 'archiveModified'; area: string }
  | { kind: 'notification'; ref: string }
  | { kind: 'bcc'; recipients: string[] }
);

export interface SourceIntercept {
  type: 'none' | 'delete' | 'deliverNow' | 'quarantine' | 'changeRecipient';
  area: string | null;
  recipients: string[];
  server: string | null;
}

export interface SourceRule {
  id: string;
  name: string;
  enabled: boolean;
  order: number;
  applyTo: 'incoming' | 'outgoing' | 'both' | 'pop3';
  path: string;
  senders: SourceRouteSide;
  recipients: SourceRouteSide;
  exceptions: SourceException[];
  match: 'any' | 'all';
  conditions: SourceCondition[];
  intercept: SourceIntercept;
  actions: SourceAction[];
}

export interface SourceAddressGroup {
  id: string;
  name: string;
  description: string;
  addresses: string[];
  path: string;
}
export interface SourceKeywordList {
  id: string;
  name: string;
  match: 'any' | 'all' | 'not' | 'score';
  threshold: number | null;
  expressions: { text: string; caseSensitive: boolean; score: number; description: string }[];
  path: string;
}
export interface SourceNotification {
  id: string;
  name: string;
  from: string;
  to: string[];
  subject: string;
  body: string;
  path: string;
}
export interface SourceStamp {
  id: string;
  name: string;
  position: 'beginning' | 'end';
  text: string;
  path: string;
}
export interface SourceDlpTemplate {
  id: string;
  name: string;
  predefined: boolean;
  identifierRefs: string[];
  path: string;
}
export interface SourceDlpIdentifier {
  id: string;
  name: string;
  predefined: boolean;
  kind: 'EXPRESSION' | 'KEYWORD_LIST' | 'FILE_ATTRIBUTE';
  definition: Record<string, string>;
  path: string;
}

export interface SourceIpEntry {
  kind: 'ip' | 'cidr' | 'domain';
  value: string;
  /** Blocked list only. */
  action: 'blockPermanently' | 'blockTemporarily' | null;
  path: string;
}

export interface SourceIpList {
  present: boolean;
  enabled: boolean;
  /** Approved list only: "Email Reputation and IP Profiler" ticked next to Apply to. */
  applyToErsIpProfiler: boolean;
  entries: SourceIpEntry[];
  path: string;
}

export interface SourcePeerPolicy {
  present: boolean;
  enabled: boolean;
  action: string;
  enforcedPeers: string[];
  path: string;
}

export interface SourceDkimSignature {
  domain: string;
  selector: string;
  keyBits: number;
  headerCanon: string;
  bodyCanon: string;
  exemptDomains: string[];
  path: string;
}

/** An element of an area that is not migrated, reported as one item. */
export interface SourceAreaElement {
  area: 'other' | 'admin' | 'euq' | 'senderFiltering' | 'ini';
  name: string;
  path: string;
}

export interface SourceExport {
  manifest: SourceManifest;
  hiddenKey: boolean;
  ldapEnabled: boolean;
  rules: SourceRule[];
  globalDkimEnforcement: SourcePeerPolicy;
  addressGroups: SourceAddressGroup[];
  keywordLists: SourceKeywordList[];
  notifications: SourceNotification[];
  stamps: SourceStamp[];
  dlpTemplates: SourceDlpTemplate[];
  dlpIdentifiers: SourceDlpIdentifier[];
  dkimApproved: string[];
  webReputationApproved: string[];
  urlKeywords: string[];
  approvedIps: SourceIpList;
  blockedIps: SourceIpList;
  dmarc: SourcePeerPolicy;
  dkimSignatures: SourceDkimSignature[];
  notMigrated: SourceAreaElement[];
  extraFiles: string[];
}
