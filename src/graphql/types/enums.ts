// GraphQL enums come from Prisma's generated objects, so adding a value cannot drift.
import {
  DnsRecordType,
  DomainStatus,
  OutboundServerType,
  ProtectionTier,
  Region,
  VerificationMethod,
  VerificationResult,
  VerificationTrigger,
} from '../../db/enums.js';
import { builder } from '../builder.js';

export const RegionEnum = builder.enumType(Region, { name: 'Region', description: 'CEGP serving site of a tenant.' });
export const ProtectionTierEnum = builder.enumType(ProtectionTier, {
  name: 'ProtectionTier',
  description: 'STANDARD: 50 MB messages; ADVANCED: 150 MB.',
});
export const DomainStatusEnum = builder.enumType(DomainStatus, {
  name: 'DomainStatus',
  description: 'CONFIGURATION_REQUIRED (設定が必要) until the domain is verified; then COMPLETED (完了).',
});
export const OutboundServerTypeEnum = builder.enumType(OutboundServerType, { name: 'OutboundServerType' });
export const VerificationMethodEnum = builder.enumType(VerificationMethod, { name: 'VerificationMethod' });
export const VerificationResultEnum = builder.enumType(VerificationResult, { name: 'VerificationResult' });
export const VerificationTriggerEnum = builder.enumType(VerificationTrigger, { name: 'VerificationTrigger' });
export const DnsRecordTypeEnum = builder.enumType(DnsRecordType, { name: 'DnsRecordType' });
