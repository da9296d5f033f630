// A rule as an administrator submits it (the fields of the CEGP rule screens, ids already
// resolved) turned into the rule model, with CEGP's defaults: the same for the GraphQL API,
// the importer and the relay. Validation is validate-rule.ts's job; this only shapes. Pure.
import type { InterceptAction } from '../db/enums.js';
import {
  DEFAULT_SPAM_LEVEL,
  DEFAULT_WEB_REPUTATION_LEVEL,
  type Criterion,
  type CriterionType,
  type DetectionLevel,
  type ModifyAction,
  type MonitorAction,
  type RouteSpec,
  type RuleBody,
  type SizeOp,
  type SpamThreat,
} from './rule.js';

/** Quarantine actions without a named area go to CEGP's "Default" area (§5). */
export const DEFAULT_QUARANTINE_AREA = 'Default';

/** Actions that change the message (§5 "Modify") and those that only report it ("Monitor"). */
export const MODIFY_ACTION_TYPES = [
  'INSERT_X_HEADER',
  'INSERT_STAMP',
  'TAG_SUBJECT',
  'DELETE_ATTACHMENTS',
  'SANITIZE',
  'CLEAN_MALWARE',
  'ENCRYPT',
] as const;
export const MONITOR_ACTION_TYPES = ['NOTIFY', 'BCC'] as const;
export const ACTION_TYPES = [...MODIFY_ACTION_TYPES, ...MONITOR_ACTION_TYPES] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

export interface RouteInput {
  kind: RouteSpec['kind'];
  addresses?: readonly string[] | null;
  domains?: readonly string[] | null;
  addressGroupIds?: readonly string[] | null;
  directoryGroupDns?: readonly string[] | null;
}

export interface CriterionInput {
  type: CriterionType;
  operator?: SizeOp | null;
  bytes?: number | null;
  count?: number | null;
  selected?: boolean | null;
  values?: readonly string[] | null;
  keywordListIds?: readonly string[] | null;
  spamThreat?: SpamThreat | null;
  level?: DetectionLevel | null;
  dlpTemplateIds?: readonly string[] | null;
}

export interface InterceptInput {
  action: InterceptAction;
  server?: string | null;
  recipients?: readonly string[] | null;
  quarantineArea?: string | null;
}

export interface ActionInput {
  type: ActionType;
  headerName?: string | null;
  headerValue?: string | null;
  text?: string | null;
  skipSigned?: boolean | null;
  deleteIfUnable?: boolean | null;
  stampId?: string | null;
  notificationId?: string | null;
  recipients?: readonly string[] | null;
}

export function routeFromInput(r: RouteInput): RouteSpec {
  return {
    kind: r.kind,
    entries: [
      ...(r.addresses ?? []).map((value) => ({ type: 'ADDRESS' as const, value: value.trim().toLowerCase() })),
      ...(r.domains ?? []).map((domain) => ({ type: 'DOMAIN' as const, domain: domain.trim().toLowerCase().replace(/\.$/, '') })),
      ...(r.addressGroupIds ?? []).map((groupId) => ({ type: 'ADDRESS_GROUP' as const, groupId })),
      ...(r.directoryGroupDns ?? []).map((dn) => ({ type: 'DIRECTORY_GROUP' as const, dn: dn.trim() })),
    ],
  };
}

/**
 * Missing numbers become -1 so that validation names the criterion ("size must be 0–150 MB")
 * instead of a default quietly standing in for what the administrator left out.
 */
export function criterionFromInput(c: CriterionInput): Criterion {
  const op = c.operator ?? 'GT';
  const values = [...(c.values ?? [])];
  const lists = [...(c.keywordListIds ?? [])];
  switch (c.type) {
    case 'MESSAGE_SIZE':
    case 'ATTACHMENT_SIZE':
      return { type: c.type, op, bytes: c.bytes ?? -1 };
    case 'ATTACHMENT_COUNT':
    case 'RECIPIENT_COUNT':
      return { type: c.type, op, count: c.count ?? -1 };
    case 'ATTACHMENT_NAME':
      return { type: c.type, selected: c.selected ?? true, patterns: values };
    case 'ATTACHMENT_MIME_TYPE':
    case 'ATTACHMENT_TRUE_FILE_TYPE':
      return { type: c.type, selected: c.selected ?? true, types: values };
    case 'HEADER_KEYWORDS':
      return { type: c.type, headers: values, keywordListIds: lists };
    case 'SUBJECT_KEYWORDS':
    case 'BODY_KEYWORDS':
    case 'ATTACHMENT_CONTENT_KEYWORDS':
      return { type: c.type, keywordListIds: lists };
    case 'SPAM':
      return { type: 'SPAM', threat: c.spamThreat ?? 'SPAM', level: c.level ?? DEFAULT_SPAM_LEVEL };
    case 'WEB_REPUTATION':
      return { type: 'WEB_REPUTATION', level: c.level ?? DEFAULT_WEB_REPUTATION_LEVEL };
    case 'DLP':
      return { type: 'DLP', templateIds: [...(c.dlpTemplateIds ?? [])], predefinedTemplates: values };
    default:
      return { type: c.type };
  }
}

export function interceptFromInput(i: InterceptInput): Pick<RuleBody, 'intercept' | 'interceptOptions'> {
  const options: RuleBody['interceptOptions'] = {};
  if (i.server) options.server = i.server.trim();
  if (i.recipients?.length) options.recipients = i.recipients.map((r) => r.trim());
  if (i.action === 'QUARANTINE') options.area = i.quarantineArea?.trim() || DEFAULT_QUARANTINE_AREA;
  return { intercept: i.action, interceptOptions: options };
}

function actionFromInput(a: ActionInput): ModifyAction | MonitorAction {
  switch (a.type) {
    case 'INSERT_X_HEADER':
      return { type: a.type, name: a.headerName ?? '', value: a.headerValue ?? '' };
    case 'INSERT_STAMP':
      return { type: a.type, stampId: a.stampId ?? '' };
    case 'TAG_SUBJECT':
      return { type: a.type, text: a.text ?? '', skipSigned: a.skipSigned ?? false };
    case 'SANITIZE':
      return { type: a.type, deleteIfUnable: a.deleteIfUnable ?? false };
    case 'NOTIFY':
      return { type: a.type, notificationId: a.notificationId ?? '' };
    case 'BCC':
      return { type: a.type, recipients: (a.recipients ?? []).map((r) => r.trim()) };
    default:
      return { type: a.type };
  }
}

const MODIFY: ReadonlySet<string> = new Set(MODIFY_ACTION_TYPES);

/** The actions of one list, each in its half: a monitor action given as a modify one still lands where it belongs. */
export function actionsFromInput(list: readonly ActionInput[]): Pick<RuleBody, 'modifyActions' | 'monitorActions'> {
  const all = list.map(actionFromInput);
  return {
    modifyActions: all.filter((a): a is ModifyAction => MODIFY.has(a.type)),
    monitorActions: all.filter((a): a is MonitorAction => !MODIFY.has(a.type)),
  };
}
