// Validates rendered cards against the vendored Adaptive Cards 1.5 schema; Teams' `msteams` extension is checked on its own.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { packageRoot } from '../../src/core/paths.ts';

const schema = JSON.parse(readFileSync(path.join(packageRoot(), 'adapters/teams/schemas/adaptive-card-1.5.schema.json'), 'utf8'));
// The schema is draft-06 and names itself with `id`; ajv 8 reads it as draft-07, which is compatible here.
delete schema.$schema;
schema.$id = schema.id;
delete schema.id;
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
const validate = ajv.compile(schema);

/** Schema errors of a card (empty when valid), plus the checks of the Teams host extension. */
export function cardErrors(card: any): string[] {
  const { msteams, ...standard } = card ?? {};
  const errors: string[] = [];
  if (!validate(standard)) errors.push(...(validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
  if (msteams !== undefined) {
    if (msteams.width !== undefined && msteams.width !== 'Full') errors.push('msteams.width must be Full');
    const body = JSON.stringify(standard.body);
    for (const entity of msteams.entities ?? []) {
      if (entity.type !== 'mention' || !/^<at>[^<>]+<\/at>$/.test(entity.text) || typeof entity.mentioned?.id !== 'string') errors.push(`bad mention entity ${JSON.stringify(entity)}`);
      if (!body.includes(JSON.stringify(entity.text).slice(1, -1))) errors.push(`mention ${entity.text} not in the card text`);
    }
  }
  return errors;
}
