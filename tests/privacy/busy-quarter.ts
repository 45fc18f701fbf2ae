// A busy quarter of two networks that share two people, run through the real app in the console,
// with a copy of the store taken at named moments: what an attacker holding a copy would read.
import { PassThrough, Readable } from 'node:stream';
import { runConsole } from '../../adapters/console/index.ts';
import type { App } from '../../src/app.ts';
import type { Feature } from '../../src/core/feature.ts';
import type { StoreImage } from './store-audit.ts';

/** Pulses are kept a month after they close here, so the quarter passes their retention too. */
export const BUSY_QUARTER_ENV = { LISO_PULSE_RETENTION_MONTHS: '1' };

/** Texts people typed that the store must let go of at their stated time. */
export const TEXTS = {
  openAnswerJeugd: 'Te weinig tijd voor de casus',
  openAnswerOost: 'Ik voel me niet gehoord door de trekker',
  keptQuestion: 'hoe laat gaat de Leidse bibliotheek open op zondag',
  passedQuestion: 'wat is de cao-schaal van een jongerenwerker in Leiden-Noord',
  declinedQuestion: 'welke subsidie geeft gemeente Leiden voor jongerenwerk in Merenwijk',
  unchosenQuestion: 'wat kost een parkeervergunning bij het Wijkcentrum Oost',
};

/**
 * Buurtteam Oost, closed on 15 February and deleted 30 days later: everything of it, and its people
 * in no other network (Kees lost his role just before the close).
 */
export const DELETED_NETWORK = {
  ids: ['buurtteam', 'kees', 'lotte'],
  names: ['Buurtteam Oost', 'Wijkcentrum Oost', 'wijkagent', 'Kees', 'Lotte', TEXTS.openAnswerOost, TEXTS.unchosenQuestion, TEXTS.passedQuestion],
};

/** Everyone in the quarter, by console user id. */
export const PEOPLE = ['anna', 'bram', 'sanne', 'ahmed', 'joris', 'fatima', 'kees', 'lotte'];

/** Sanne is in both networks, answers pulses, is thanked in a win, leaves a channel, and asks to be forgotten. */
export const SANNE = { ids: ['sanne'], names: ['Sanne'] };

// Jeugd Leiden (#leernetwerk, Anna and Bram lead) and Buurtteam Oost (#buurtteam, Bram leads) share
// Sanne and Ahmed. `:klok +Nm` between people keeps everyone's moments apart, as in real use.
// `/liso kopie <label>` copies the store; `/liso vertrek <user> <channel>` is the platform telling
// the bot that someone left a channel.
const SCRIPT = `
/liso start Jeugd Leiden
/liso rol procesbegeleider @Bram
/liso rol deelnemer @Sanne @Ahmed @Joris @Fatima
/liso sessie 2027-01-04 09:30 Buurthuis De Linde
/liso sessie 2027-02-18 14:00-16:30 Stadhuis Leiden
:als Bram
:kanaal buurtteam
/liso start Buurtteam Oost
/liso rol deelnemer @Sanne @Ahmed @Kees @Lotte
/liso sessie 2027-01-05 13:00 Wijkcentrum Oost
/liso sessie 2027-02-23 10:00
:klok 2027-01-04T13:00
:als Anna
:kanaal leernetwerk
/liso pulse
:klok +17m
:als Sanne
:privé
:knop 5
:knop 14
:knop 32
${TEXTS.openAnswerJeugd}
:klok +23m
:als Ahmed
:privé
:knop 6
:knop 13
:klok +31m
:als Joris
:privé
:knop 3
:knop 12
:klok +41m
:als Fatima
:privé
:knop 4
:knop 15
/liso kopie pulse-open
:klok 2027-01-05T17:00
:als Bram
:kanaal buurtteam
/liso pulse
:klok +13m
:als Kees
:privé
:knop 2
:knop 32
${TEXTS.openAnswerOost}
:klok +29m
:als Lotte
:privé
:knop 6
:klok +37m
:als Sanne
:privé
:knop 4
:klok +11m
wanneer is de volgende sessie?
:knop 1
:klok +11m
ik kan niet komen
:klok +19m
:als Ahmed
:privé
hoeveel mensen komen er?
:knop 2
:klok +23m
:als Joris
:privé
hallo
/liso ${TEXTS.keptQuestion}
:knop 4
:klok +7m
/liso kopie kept-question
:klok +3m
:als Lotte
:privé
/liso ${TEXTS.passedQuestion}
:knop 9
:klok +26m
:als Fatima
:privé
/liso ${TEXTS.declinedQuestion}
nee
/liso kopie declined
:klok +31m
:als Kees
:privé
/liso ${TEXTS.unchosenQuestion}
:kanaal leernetwerk
:als Ahmed
/liso vier De Merenwijkse zaal is geregeld met @Fatima
:als Fatima
:knop 1
:kanaal buurtteam
:als Lotte
/liso vier Kees heeft de wijkagent van Oost overtuigd, dank @Sanne
:als Ahmed
:knop 1
:klok 2027-01-07T10:00
/liso kopie day-after-questions
:klok 2027-01-13T10:00
/liso vertrek joris leernetwerk
/liso vertrek sanne buurtteam
:klok 2027-02-11T10:00
:als Sanne
:privé
:knop 1
:als Fatima
:privé
:knop 2
:klok 2027-02-15T10:00
:als Sanne
:privé
/liso vergeet-mij
:knop 1
:als Anna
/liso kopie after-forget
:als Bram
:kanaal buurtteam
/liso rol weg deelnemer @Kees
/liso netwerk afsluiten
:knop 1
:klok +1m
/liso kopie after-close
:klok 2027-03-30T10:00
/liso kopie after-delete
`;

export interface BusyQuarter {
  transcript: string;
  /** The copies, by the label of the `/liso kopie` that took them. */
  copies: Map<string, StoreImage>;
}

/** Runs the quarter on `app`; `copy` takes an image of its store as it is at that moment. */
export async function runBusyQuarter(app: App, copy: () => Promise<StoreImage>): Promise<BusyQuarter> {
  const copies = new Map<string, StoreImage>();
  const attacker: Feature = {
    name: 'attacker',
    commands: [
      { name: 'kopie', summary: 'help.summary', usage: 'help.usage', run: async (ctx) => void copies.set(ctx.rest, await copy()) },
      {
        name: 'vertrek',
        summary: 'help.summary',
        usage: 'help.usage',
        run: async (ctx) => {
          const [userId = '', channelId = ''] = ctx.args;
          await app.bot.handle({ type: 'left', platform: 'console', actor: { userId, displayName: '' }, conversation: { kind: 'channel', id: channelId } }, { reply: async () => {} });
        },
      },
    ],
  };
  app.bot.use(attacker);
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (chunk) => chunks.push(String(chunk)));
  await runConsole({ app, input: Readable.from(SCRIPT.split('\n').map((l) => `${l}\n`)), output, interactive: false, echo: true, lang: 'nl', timeZone: 'Europe/Amsterdam' });
  return { transcript: chunks.join(''), copies };
}
