import { z } from 'zod';
import { scenarioSchema } from './schema/scenario.ts';
import { stepSchema, targetsSchema } from './schema/steps.ts';
import { TARGETS } from './targets.ts';
import { VERDICT_KINDS } from './verdicts.ts';

/**
 * The scenario format as JSON Schema (draft 2020-12), generated from the zod schema so the two
 * cannot drift: editors (the YAML language server's `# yaml-language-server: $schema=...`) get
 * completion and checks. Rules that need context (which tasks exist, which target suits which
 * verdict) are the loader's; the schema adds what can be said without context: one key per
 * step, the target and verdict vocabularies.
 */

// No escaping of '-': outside a class, `\-` is an invalid escape in Unicode-mode ECMA-262 regexes.
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const TARGET_KEY_PATTERN = `^(${TARGETS.map((t) => (t.parameter ? `${escape(t.name)}:.+` : escape(t.name))).join('|')})$`;

export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(scenarioSchema, {
    io: 'input',
    target: 'draft-2020-12',
    override: ({ zodSchema, jsonSchema }) => {
      if (zodSchema === stepSchema) {
        jsonSchema.minProperties = 1;
        jsonSchema.maxProperties = 1;
      }
      if (zodSchema === targetsSchema) {
        jsonSchema.minProperties = 1;
        jsonSchema.propertyNames = { type: 'string', pattern: TARGET_KEY_PATTERN };
        jsonSchema.additionalProperties = {
          anyOf: [{ type: 'string', enum: VERDICT_KINDS.filter((k) => k !== 'identity') }, { type: 'string', pattern: '^identity:.+$' }],
        };
      }
    },
  }) as Record<string, unknown>;
}

/** The committed file's text: stable key order as generated, two-space indent, final newline. */
export const scenarioJsonSchemaText = (): string => `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
