// `liso teams:package`: writes the Teams app package (zip) for the bot in TEAMS_CLIENT_ID.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createApp } from '../src/app.ts';
import { systemClock } from '../src/core/clock.ts';
import type { Config } from '../src/config/schema.ts';
import type { Logger } from '../src/core/logger.ts';
import { packageRoot } from '../src/core/paths.ts';
import { MemoryStore } from '../src/store/memory-store.ts';
import { InvalidManifestError, buildAppPackage } from '../adapters/teams/app-package/write-package.ts';
import type { ParsedArgs } from './args.ts';
import { UsageError } from './startup-errors.ts';
export { TEAMS_PACKAGE_FLAGS } from './teams-package-flags.ts';


/**
 * `liso teams:package --website https://… [--privacy URL] [--terms URL] [--developer naam] [--out file.zip]`.
 * The manifest names the bot of TEAMS_CLIENT_ID; Teams requires https pages about the app, its
 * privacy and its terms (privacy and terms default to the website with #privacy and #terms).
 */
export async function teamsPackageCommand(args: ParsedArgs, config: Config, log: Logger, write: (text: string) => void): Promise<number> {
  if (!config.teams) throw new UsageError('teams:package heeft TEAMS_CLIENT_ID, TEAMS_CLIENT_SECRET en TEAMS_TENANT_ID nodig / needs TEAMS_CLIENT_ID, TEAMS_CLIENT_SECRET and TEAMS_TENANT_ID');
  const flag = (name: string) => (typeof args.flags.get(name) === 'string' ? (args.flags.get(name) as string) : undefined);
  const website = flag('website');
  if (!website || !/^https:\/\//.test(website)) throw new UsageError('geef --website https://… (Teams vereist een https-pagina over de app) / give --website https://… (Teams requires an https page about the app)');
  const out = path.resolve(flag('out') ?? 'liso-bot-teams.zip');
  const version = (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  // The command menu comes from the features alone; no stored state is read, so no store is opened.
  const app = await createApp({ config, clock: systemClock, log, store: new MemoryStore() });
  try {
    const built = buildAppPackage(app, {
      botId: config.teams.clientId,
      version,
      websiteUrl: website,
      privacyUrl: flag('privacy') ?? `${website}#privacy`,
      termsOfUseUrl: flag('terms') ?? `${website}#terms`,
      developerName: flag('developer') ?? 'liso-bot',
    });
    writeFileSync(out, built.zip);
    write(`Teams-app-pakket geschreven / Teams app package written: ${out}\n`);
    return 0;
  } catch (error) {
    if (error instanceof InvalidManifestError) throw new UsageError(`het manifest voldoet niet aan het Teams-schema / the manifest fails the Teams schema: ${error.errors.slice(0, 5).join('; ')}`);
    throw error;
  } finally {
    await app.close();
  }
}
