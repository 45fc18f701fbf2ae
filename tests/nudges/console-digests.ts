// Helpers for console tests of the preparation digests: a network with its two leads, and the
// direct messages of a transcript.

/** Console lines: Anna starts Jeugd Leiden in #leernetwerk, Bram is procesbegeleider, and the sessions (`<date> <time> <place>`) are planned. */
export const leadsWithSessions = (...sessions: string[]): string[] => [
  ':als Anna',
  ':kanaal leernetwerk',
  '/liso start Jeugd Leiden',
  '/liso rol procesbegeleider @Bram',
  ...sessions.map((session) => `/liso sessie ${session}`),
];

/** The direct messages to `name` in a transcript, each from its header to the next. */
export function directTo(text: string, name: string): string[] {
  return text.split(/\n(?=── )/).filter((part) => part.startsWith(`── privébericht aan ${name} ──`));
}

/** How many buttons a printed message has (`[n] ` each). */
export const buttonsIn = (message: string) => message.match(/\[\d+\] /g)?.length ?? 0;
