// Every code a FAILED run can carry: failRun (run-state.ts) stores the code of the
// ExpectedError that ended the run, and only the export's refusals (bundle.ts) and the
// migration's own errors (errors.ts) end one. Pure. The public contract (GraphQL enum
// MigrationFailureCode) is built from these catalogs, so a new code is in it at once.
import { bundleErrors } from './bundle.js';
import { migrationErrors } from './errors.js';

export type MigrationFailureCode = keyof typeof bundleErrors.templates | keyof typeof migrationErrors.templates;

export const MIGRATION_FAILURE_CODES = [
  ...Object.keys(bundleErrors.templates),
  ...Object.keys(migrationErrors.templates),
] as MigrationFailureCode[];
