// Checks the manifest and its English strings against Teams' own JSON schemas (vendored, v1.25; no network).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { packageRoot } from '../../../src/core/paths.ts';

const schemaDir = () => path.join(packageRoot(), 'adapters/teams/schemas');

function validator(file: string) {
  // Teams' patterns use escapes (\a) that only non-unicode regular expressions accept.
  // Both are CommonJS modules whose class and function are their `default` export.
  const ajv = new ajvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
  ajvFormats.default(ajv);
  return ajv.compile(JSON.parse(readFileSync(path.join(schemaDir(), file), 'utf8')));
}

/** Schema errors of the manifest and of the localisation file, each as "where: what" (empty when valid). */
export function manifestErrors(manifest: unknown, english: unknown): string[] {
  const errors: string[] = [];
  for (const [name, file, value] of [
    ['manifest.json', 'teams-manifest-1.25.schema.json', manifest],
    ['en-us.json', 'teams-localization-1.25.schema.json', english],
  ] as const) {
    const validate = validator(file);
    if (!validate(value)) errors.push(...(validate.errors ?? []).map((e: { instancePath: string; message?: string; params?: unknown }) => `${name}${e.instancePath || '/'}: ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`));
  }
  return errors;
}
