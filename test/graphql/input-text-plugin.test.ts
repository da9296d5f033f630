import { isInputObjectType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { MULTI_LINE_INPUTS } from '../../src/graphql/input-text-plugin.js';
import { schema } from '../../src/graphql/schema.js';

describe('MULTI_LINE_INPUTS', () => {
  it.each([...MULTI_LINE_INPUTS])('%s exists in the schema and is a String', (coordinate) => {
    const arg = /^(\w+)\.(\w+)\((\w+):\)$/.exec(coordinate);
    if (arg) {
      const type = schema.getType(arg[1]!);
      const field = isObjectType(type) ? type.getFields()[arg[2]!] : undefined;
      expect(field?.args.find((a) => a.name === arg[3])?.type.toString()).toMatch(/^String!?$/);
      return;
    }
    const [typeName, fieldName] = coordinate.split('.');
    const type = schema.getType(typeName!);
    expect(isInputObjectType(type)).toBe(true);
    expect(isInputObjectType(type) && type.getFields()[fieldName!]?.type.toString()).toMatch(/^String!?$/);
  });
});
