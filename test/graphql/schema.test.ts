// schema.graphql is the public contract: it must be what the code serves.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printSchemaContract } from '../../src/graphql/print-schema.js';

describe('schema.graphql', () => {
  it('matches the schema built from the code (run `npm run schema:print` after a change)', () => {
    expect(readFileSync('schema.graphql', 'utf8')).toBe(printSchemaContract());
  });
});
