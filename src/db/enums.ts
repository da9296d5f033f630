// The one allowed re-export: enum values and types from the generated client, so pure code
// can name them without importing Prisma.
export {
  Region,
  ProtectionTier,
  DomainStatus,
  OutboundServerType,
  VerificationMethod,
  VerificationResult,
  VerificationTrigger,
  DnsRecordType,
} from '../generated/prisma/sqlite/enums.js';
