// Builds ZIP archives for tests from readable members (fflate is a test-only dependency).
import { strToU8, zipSync, type Zippable } from 'fflate';

/**
 * Zips members given by path; strings are written as UTF-8. `level` 0 stores, 1–9 deflate
 * (default 6). Paths are written as given, so hostile names (`../evil`) can be built.
 */
export function zipMembers(members: Record<string, string | Uint8Array>, opts: { level?: number } = {}): Uint8Array {
  const level = (opts.level ?? 6) as 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
  const files: Zippable = {};
  for (const [path, content] of Object.entries(members)) {
    files[path] = [typeof content === 'string' ? strToU8(content) : content, { level }];
  }
  return zipSync(files);
}
