// Upgrade step 5: a network keeps the language of its channel posts itself. The releases before
// derived it from its starter's personal language every time, so a starter who chose English for
// themselves turned a Dutch channel English; each network now gets the language it posts in today.
import { channelLang } from '../features/networks/network-context.ts';
import { People } from '../domain/people.ts';
import { NetworkDirectory } from '../domain/network-directory.ts';
import { keys } from '../domain/keys.ts';
import type { UpgradeContext } from './upgrade-step.ts';

export async function channelLanguage(context: UpgradeContext): Promise<Record<string, number>> {
  const { store, clock, defaultLang } = context;
  const directory = new NetworkDirectory(store, clock);
  const people = new People(store, clock, context.defaultTimeZone);
  let fixed = 0;
  for (const network of await directory.all()) {
    // Run again after a crash halfway: a network that has its language keeps it.
    if (network.lang) continue;
    await store.set(keys.network(network.id), { ...network, lang: await channelLang(people, network, defaultLang) });
    fixed++;
  }
  return { networks: fixed };
}
