// Loads a JSON file and validates it with zod; a bad file names the file and the field.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';

export class DataFileError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    detail: string,
  ) {
    super(`${file}: ${field ? `veld/field "${field}": ` : ''}${detail}`);
    this.name = 'DataFileError';
  }
}

export function loadJsonFile<S extends z.ZodType>(file: string, schema: S): z.output<S> {
  const shown = path.relative(process.cwd(), file) || file;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new DataFileError(shown, '', `kan niet gelezen worden als JSON / cannot be read as JSON (${(error as Error).message})`);
  }
  return validateData(shown, raw, schema);
}

export function validateData<S extends z.ZodType>(file: string, raw: unknown, schema: S): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new DataFileError(file, issue.path.map(String).join('.'), issue.message);
}
