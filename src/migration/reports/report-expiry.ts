// How long a run's reports can be downloaded. Pure: the use-cases stamp `expiresAt` on the
// report row with it, the download and the API's `expired` ask it.

/** A report can be downloaded for 90 days after the run (docs/cegp/imss-imsva-migration.md §2). */
export const REPORT_RETENTION_DAYS = 90;

const DAY_MS = 86_400_000;

/** When a report generated at `generatedAt` expires. */
export function reportExpiresAt(generatedAt: Date): Date {
  return new Date(generatedAt.getTime() + REPORT_RETENTION_DAYS * DAY_MS);
}

/** Expired only after `expiresAt`: at that very instant the report still downloads. */
export function reportExpired(expiresAt: Date, now: Date): boolean {
  return now > expiresAt;
}
