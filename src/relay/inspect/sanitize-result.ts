// The answer of every sanitizer (sanitize-attachment.ts and the per-format files). Pure.

export interface SanitizeResult {
  /** True when the output file holds a copy without the active content found. */
  sanitized: boolean;
  /** For the trace and the policy event. */
  reason: string;
}
