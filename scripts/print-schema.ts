// Writes schema.graphql, the public contract, from the code (npm run schema:print).
// test/graphql/schema.test.ts fails when the committed file and the code disagree.
import { writeFileSync } from 'node:fs';
import { printSchemaContract } from '../src/graphql/print-schema.js';

writeFileSync('schema.graphql', printSchemaContract());
console.log('schema.graphql written');
