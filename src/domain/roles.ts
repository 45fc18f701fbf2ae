// The roles of a learning network (LISO-handboek h1 and h5) and how people may name them.

export const roleNames = [
  'trekker',
  'procesbegeleider',
  'verbindingsfunctionaris',
  'communicatieadviseur',
  'projectassistent',
  'deelnemer',
] as const;

export type RoleName = (typeof roleNames)[number];

/** Roles that may change roles and sessions (the network's leads). */
export const leadRoles: readonly RoleName[] = ['trekker', 'procesbegeleider'];

// A Map, not an object: a typed word such as `__proto__` or `constructor` must find nothing.
const aliases = new Map<string, RoleName>(Object.entries({
  trekker: 'trekker',
  leernetwerktrekker: 'trekker',
  lead: 'trekker',
  'network-lead': 'trekker',
  procesbegeleider: 'procesbegeleider',
  facilitator: 'procesbegeleider',
  begeleider: 'procesbegeleider',
  verbindingsfunctionaris: 'verbindingsfunctionaris',
  liaison: 'verbindingsfunctionaris',
  communicatieadviseur: 'communicatieadviseur',
  communicatie: 'communicatieadviseur',
  communications: 'communicatieadviseur',
  projectassistent: 'projectassistent',
  assistent: 'projectassistent',
  assistant: 'projectassistent',
  deelnemer: 'deelnemer',
  lid: 'deelnemer',
  participant: 'deelnemer',
  member: 'deelnemer',
  // Plurals, as a list of people is given a role: "/liso deelnemers @Fatima, @Tom en @Bram".
  deelnemers: 'deelnemer',
  trekkers: 'trekker',
  leernetwerktrekkers: 'trekker',
  leads: 'trekker',
  procesbegeleiders: 'procesbegeleider',
  facilitators: 'procesbegeleider',
  begeleiders: 'procesbegeleider',
  verbindingsfunctionarissen: 'verbindingsfunctionaris',
  liaisons: 'verbindingsfunctionaris',
  communicatieadviseurs: 'communicatieadviseur',
  projectassistenten: 'projectassistent',
  assistenten: 'projectassistent',
  assistants: 'projectassistent',
  leden: 'deelnemer',
  participants: 'deelnemer',
  members: 'deelnemer',
} satisfies Record<string, RoleName>));

/** Every word that names a role ("deelnemer", "lid", "facilitator"), lower case. */
export function roleAliases(): string[] {
  return [...aliases.keys()];
}

/** The role a word names (Dutch, English or common shorthand), case-insensitive. */
export function parseRole(word: string): RoleName | undefined {
  return aliases.get(word.trim().toLowerCase());
}

/** The English word `parseRole` reads for each role, as English readers are told to type it. */
const englishWords: Record<RoleName, string> = {
  trekker: 'lead',
  procesbegeleider: 'facilitator',
  verbindingsfunctionaris: 'liaison',
  communicatieadviseur: 'communications',
  projectassistent: 'assistant',
  deelnemer: 'participant',
};

/** The word a reader types for a role: the Dutch name, or the English word `parseRole` reads. */
export function roleWord(role: RoleName, lang: 'nl' | 'en'): string {
  return lang === 'en' ? englishWords[role] : role;
}

/** The words for the roles a reader is offered. */
export function roleWords(lang: 'nl' | 'en'): string {
  return roleNames.map((role) => roleWord(role, lang)).join(', ');
}
