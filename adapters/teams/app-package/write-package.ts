// `liso teams:package`: the Teams app package (manifest, icons, English strings) as one validated zip.
import type { App } from '../../../src/app.ts';
import { COLOR_ICON, ENGLISH_FILE, OUTLINE_ICON, buildManifest } from './manifest.ts';
import type { ManifestOptions } from './manifest.ts';
import { colorIcon, outlineIcon } from './icons.ts';
import { manifestErrors } from './validate-manifest.ts';
import { zip } from './zip.ts';

export class InvalidManifestError extends Error {
  override name = 'InvalidManifestError';
  constructor(readonly errors: string[]) {
    super(`manifest invalid: ${errors.join('; ')}`);
  }
}

export type PackageOptions = Omit<ManifestOptions, 'commands' | 'nl' | 'en'>;

/** Builds the package for the app's commands; refuses to produce one Teams' schema would reject. */
export function buildAppPackage(app: App, options: PackageOptions): { zip: Buffer; manifest: Record<string, unknown> } {
  const { manifest, english } = buildManifest({ ...options, commands: app.bot.commands(), nl: app.prompts.translator('nl'), en: app.prompts.translator('en') });
  const errors = manifestErrors(manifest, english);
  if (errors.length > 0) throw new InvalidManifestError(errors);
  const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
  return {
    manifest,
    zip: zip([
      { name: 'manifest.json', data: json(manifest) },
      { name: COLOR_ICON, data: colorIcon() },
      { name: OUTLINE_ICON, data: outlineIcon() },
      { name: ENGLISH_FILE, data: json(english) },
    ]),
  };
}
