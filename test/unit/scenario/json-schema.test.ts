import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema, scenarioJsonSchemaText } from '../../../harness/scenario/index.ts';

describe('scenario.schema.json', () => {
  it('is up to date with the zod schema (regenerate: npx tsx harness/scenario/write-schema.ts)', () => {
    expect(readFileSync('harness/scenario/scenario.schema.json', 'utf8')).toBe(scenarioJsonSchemaText());
  });

  it('is strict, and says one key per step and the target vocabulary', () => {
    const schema = scenarioJsonSchema() as { additionalProperties: boolean; required: string[]; properties: Record<string, Record<string, unknown>> };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['apiVersion', 'name', 'steps']);
    const step = (schema.properties.steps as { items: Record<string, unknown> }).items;
    expect(step).toMatchObject({ minProperties: 1, maxProperties: 1, additionalProperties: false });
    const text = JSON.stringify(schema);
    expect(text).toContain('credentials-of:.+');
    expect(text).toContain('^identity:.+$');
  });
});
