// A big but legitimate network, the same on every platform: twenty people with long Dutch names,
// three networks for the two leads and two others, twelve sessions each at a long address with a
// Teams link, and a long agenda. Each platform's test types these commands through its real adapter.

/** The twenty people, by key, with the names they go by. */
export const BIG_CAST = {
  mohammed: 'Mohammed El Khatib-van den Heuvel',
  annemarie: 'Anne-Marie van der Zwaan-de Boer',
  fatima: 'Fatima Zahra Bouzian-van Leeuwen',
  janwillem: 'Jan-Willem van Oldenbarnevelt-Verhagen',
  maria: 'Maria Josephina de Groot-van Dijk',
  pieterjan: 'Pieter-Jan van der Linden-Smit',
  esther: 'Esther van Gennep-de Vries',
  abdelkader: 'Abdelkader Ben Haddou-Jansen',
  wilhelmina: 'Wilhelmina van den Broek-Kuipers',
  johannes: 'Johannes Cornelis Verhoeven-Bakker',
  yasmina: 'Yasmina El Amrani-de Wit',
  hendrikjan: 'Hendrik-Jan van de Kamp-Visser',
  sophie: 'Sophie Charlotte van Rossum-Meijer',
  bartholomeus: 'Bartholomeus van der Heijden-Mulder',
  noor: 'Noor Al-Hashimi-van den Berg',
  geertruida: 'Geertruida Maria Dekker-Bos',
  rachid: 'Rachid El Idrissi-van Houten',
  cornelia: 'Cornelia van der Meulen-Hoekstra',
  tjeerd: 'Tjeerd Hoekstra-van der Veen',
  annelies: 'Annelies de Jong-van Beek',
} as const;

export type BigKey = keyof typeof BIG_CAST;

export const BIG_KEYS = Object.keys(BIG_CAST) as BigKey[];
/** Trekker of all three networks. */
export const LEAD: BigKey = 'mohammed';
/** Procesbegeleider of all three networks. */
export const SECOND: BigKey = 'annemarie';

export const NETWORK_NAMES = ['Jeugdhulp en Wijkteams Leiden-Noord: samen sterker in de wijk', 'Armoede en Schulden Zuid-Holland: van signaal naar steun', 'Mantelzorg en Dagbesteding Duin- en Bollenstreek'];

/** A street address and a full Teams join link, as a network gives both ways to join. */
const PLACE =
  'Buurthuis De Kolk, Grote Zaal op de eerste verdieping, Kolkstraat 123A, 2312 AB Leiden, of online: https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjY3ZTk1ZjItYzQ4Ni00ZDIzLWI2YjMtMDdkNDFlNzQ0ZDE0%40thread.v2/0?context=%7b%22Tid%22%3a%2272f988bf-86f1-41af-91ab-2d7cd011db47%22%2c%22Oid%22%3a%22a5f1a7e2-3c4d-4b7e-9f0a-1c2d3e4f5a6b%22%7d';
export const AGENDA =
  'Opening en kennismaking met de nieuwe deelnemers. Terugblik op de vorige sessie en de afgesproken acties. Casus uit de praktijk van het wijkteam Noord, ingebracht door de verbindingsfunctionaris. Werkvorm: intervisie in drie groepen van zes. Pauze. Verdieping op wat de gemeente nodig heeft om het geleerde te borgen. Afspraken en acties voor de komende periode. Evaluatie en afsluiting.';

/** The first session's date, and every two weeks after it: twelve in all. */
export const SESSION_DAYS = Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(2027, 0, 14 + 14 * i)).toISOString().slice(0, 10));

export interface BigCommand {
  who: BigKey;
  text: string;
  /** Which of the three networks' channels it is typed in. */
  network: 0 | 1 | 2;
}

/**
 * Everything typed to set the networks up, with `mention` writing a person the way the platform
 * sends one. The leads hold their roles in all three networks; the others are deelnemer in each.
 */
export function bigNetworkCommands(mention: (key: BigKey) => string): BigCommand[] {
  const others = BIG_KEYS.filter((key) => key !== LEAD && key !== SECOND);
  const commands: BigCommand[] = [];
  for (const network of [0, 1, 2] as const) {
    const say = (text: string, who: BigKey = LEAD) => commands.push({ who, text, network });
    say(`start ${NETWORK_NAMES[network]}`);
    say(`rol procesbegeleider ${mention(SECOND)}`);
    say(`rol deelnemer ${others.map(mention).join(' ')}`);
    for (const day of SESSION_DAYS) say(`sessie ${day} 14:00-17:00 ${PLACE} bevestig`);
    say(`sessie agenda ${SESSION_DAYS[0]} ${AGENDA}`);
  }
  return commands;
}
