import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { scenarioJsonSchemaText } from './json-schema.ts';

/** `npx tsx harness/scenario/write-schema.ts`: regenerates scenario.schema.json next to this file. */
const target = fileURLToPath(new URL('./scenario.schema.json', import.meta.url));
writeFileSync(target, scenarioJsonSchemaText());
process.stdout.write(`wrote ${target}\n`);
