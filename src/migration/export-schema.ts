// Which elements each XML member of an export may contain, so the XML adapter refuses an
// unknown element the moment the parser opens it (BUNDLE_UNKNOWN_ELEMENT), before any tree
// is built around it. Pure. Taken from the format (docs/export-format.md
// §5–§9) and from what parse-source.ts reads; parse-source.ts keeps its own checks.
//
// A member maps each element name to the names allowed directly inside it; a name the
// member's map does not list may hold no elements (text and attributes only). `ANY` marks
// subtrees the format leaves open: policy/other.xml, admin/settings.xml, euq/settings.xml
// and the not-migrated sections of sender-filtering.xml (spec §9). Members without a
// schema (manifest.xml, the open members) accept any element names.

export const ANY = '*';

export interface MemberSchema {
  root: string;
  children: Readonly<Record<string, readonly string[] | typeof ANY>>;
}

const ROUTE_SIDE = ['address', 'group', 'ldapUser', 'ldapGroup'] as const;
const KEYWORD_TARGET = ['keywordList'] as const;

const SCHEMAS: Readonly<Record<string, MemberSchema>> = {
  'policy/rules.xml': {
    root: 'policyList',
    children: {
      policyList: ['rule', 'globalDkimEnforcement'],
      globalDkimEnforcement: ['enforcedPeer'],
      rule: ['route', 'conditions', 'actions'],
      route: ['senders', 'recipients', 'exceptions'],
      senders: ROUTE_SIDE,
      recipients: ROUTE_SIDE,
      exceptions: ['exception'],
      exception: ['sender', 'recipient'],
      sender: ROUTE_SIDE,
      recipient: ROUTE_SIDE,
      conditions: [
        'attachment',
        'content',
        'messageSize',
        'recipientCount',
        'spam',
        'webReputation',
        'dlp',
        'subjectBlank',
        'bodyBlank',
        'envelopeSenderBlank',
        'headerSenderDiffersFromEnvelope',
        'headerSenderDiffersFromReplyTo',
        'virus',
        'cncEmail',
        'receivedTimeRange',
        'unableToDecrypt',
        'spoofedInternal',
      ],
      attachment: ['names', 'mimeTypes', 'trueFileTypes', 'size', 'count', 'passwordProtected', 'activeContent'],
      names: ['pattern'],
      mimeTypes: ['type'],
      trueFileTypes: ['type'],
      content: ['subject', 'body', 'attachmentContent', 'header'],
      subject: KEYWORD_TARGET,
      body: KEYWORD_TARGET,
      attachmentContent: KEYWORD_TARGET,
      header: KEYWORD_TARGET,
      dlp: ['template'],
      actions: ['intercept', 'modify', 'monitor'],
      modify: ['xHeader', 'stamp', 'tagSubject', 'deleteAttachments', 'cleanMalware', 'encrypt', 'sanitize', 'postponeDelivery'],
      monitor: ['notification', 'bcc', 'archiveModified'],
    },
  },
  'policy/objects.xml': {
    root: 'policyObjects',
    children: {
      policyObjects: ['addressGroups', 'keywordLists', 'notifications', 'stamps', 'dlpTemplates', 'dlpIdentifiers'],
      addressGroups: ['group'],
      group: ['address'],
      keywordLists: ['list'],
      list: ['expression'],
      notifications: ['notification'],
      notification: ['subject', 'body'],
      stamps: ['stamp'],
      stamp: ['text'],
      dlpTemplates: ['template'],
      template: ['expressionRef', 'keywordListRef', 'fileAttributeRef'],
      dlpIdentifiers: ['expression', 'keywordList', 'fileAttribute'],
    },
  },
  'policy/approved-lists.xml': {
    root: 'approvedLists',
    children: {
      approvedLists: ['dkimApproved', 'webReputationApproved', 'urlKeywords'],
      dkimApproved: ['domain'],
      webReputationApproved: ['url'],
      urlKeywords: ['keyword'],
    },
  },
  'sender-filtering.xml': {
    root: 'senderFiltering',
    children: {
      senderFiltering: ['approvedList', 'blockedList', 'dmarc', 'rules', 'suspiciousIp', 'overview'],
      approvedList: ['ip', 'cidr', 'domain', 'computerGroup'],
      computerGroup: ['ip', 'cidr', 'domain'],
      blockedList: ['entry'],
      entry: ['ip', 'cidr', 'domain'],
      dmarc: ['enforcedPeer'],
      rules: ANY,
      suspiciousIp: ANY,
      overview: ANY,
    },
  },
  'admin/dkim-signatures.xml': { root: 'dkimSignatures', children: { dkimSignatures: ['signature'], signature: ['exemptDomain'] } },
};

export function memberSchema(path: string): MemberSchema | undefined {
  return SCHEMAS[path];
}
