// How a network is named in a sentence: "leernetwerk Jeugd Leiden", or the name alone when it already
// says what it is ("Leernetwerk Armoede Zwolle" was shown as "Leernetwerk Leernetwerk Armoede Zwolle").
import type { Translator } from '../../core/i18n.ts';

const SAYS_NETWORK = /^(?:\S*netwerk\S*|lerend netwerk|learning network|network|community|werkplaats|leergemeenschap)(?:\s|$)/iu;

/** "leernetwerk {name}" in the reader's language (lower case: callers capitalise at a sentence start), or the name. */
export function networkTitle(t: Translator, name: string): string {
  return SAYS_NETWORK.test(name) ? name : t.text('network.titled', { name });
}

/** The same, starting a sentence or a heading. */
export function networkTitleCapitalised(t: Translator, name: string): string {
  const title = networkTitle(t, name);
  return title.charAt(0).toLocaleUpperCase() + title.slice(1);
}
