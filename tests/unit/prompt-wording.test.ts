// The wording decisions of the read-through of every prompt (branch words), kept: one name for one
// thing, no English or jargon in Dutch prose, short sentences in what a deelnemer reads, and English
// that says "network lead" and "the session on 11 March" as English readers do.
import { describe, expect, it } from 'vitest';
import { readLanguage } from '../fakes/prompt-tables.ts';

const nl = readLanguage('nl');
const en = readLanguage('en');

/** What the reader reads as words: commands in backticks are typed, not read. */
const prose = (text: string) => text.replace(/`[^`]*`/g, ' ');

/** Word in Dutch prose → why it goes (and what is said instead). */
const NOT_IN_DUTCH: Array<[RegExp, string]> = [
  [/\bbijeenkomst(en)?\b/i, 'the bot says "sessie" everywhere: one meeting, one name'],
  [/\bdirect(e)? bericht(en)?\b/i, 'a message to one person is a "privébericht"'],
  [/\bposten\b/i, 'English: "plaatsen"'],
  [/\brecord\b/i, 'English jargon'],
  [/\bchecken\b/i, '"navragen", "nalopen"'],
  [/\bcontacteren\b/i, '"bellen of mailen", "contact opnemen"'],
  [/\binventariseren\b/i, 'jargon: "nalopen"'],
  [/\bIANA\b/i, 'jargon: show an example time zone instead'],
  [/\bt\.o\.v\./i, 'an abbreviation a reader has to decode: "vergeleken met"'],
  [/\bcompagnon\b/i, 'a compagnon is a business partner'],
  [/\bmarkdown\b/i, 'jargon: "tekstbestand"'],
  [/\bexports?\b/i, 'English: "het overzicht van successen"'],
  [/\bde leiding\b/i, 'the roles have names: "de trekker en procesbegeleider"'],
];

/** The keys whose text a deelnemer gets: reminders, the pulse, wins, questions, privacy, the first hello. */
const DEELNEMER_READS = ['conversation.', 'reminder.', 'attendance.', 'rsvp.', 'pulse.invite.', 'pulse.reminder.', 'pulse.vote.', 'pulse.open.', 'pulse.withdraw.', 'pulse.q.', 'pulse.anonymity.', 'pulse.mine.', 'pulse.join.', 'wins.celebrate.', 'wins.celebration.', 'wins.milestone.', 'wins.record.', 'wins.optOut.', 'wins.cheer.', 'advice.answer.', 'advice.abstain.', 'advice.pass.done', 'privacy.forget.', 'privacy.data.', 'session.ask.', 'help.'];
/** B1 reading on a phone: longer sentences were split in the read-through. */
const MAX_WORDS = 20;

function sentences(text: string): string[] {
  const words = prose(text)
    .replace(/\{[a-zA-Z]+\|[^|{}]*\|([^|{}]*)\}/g, '$1')
    .replace(/\{[^}]*\}/g, 'X');
  return words.split(/(?<=[.!?:;·])\s+/).map((s) => s.trim()).filter(Boolean);
}

describe('Dutch prompts', () => {
  it('use no English or jargon in prose, and one name for one thing', () => {
    // A usage line is a command as typed (`/liso successen export`), not prose.
    const found = Object.entries(nl).filter(([key]) => !key.endsWith('.usage')).flatMap(([key, text]) =>
      NOT_IN_DUTCH.filter(([word]) => word.test(prose(text))).map(([word, why]) => `${key}: ${word.source} (${why})`),
    );
    expect(found).toEqual([]);
  });

  it(`keep every sentence a deelnemer reads to at most ${MAX_WORDS} words`, () => {
    const long = Object.entries(nl)
      .filter(([key]) => DEELNEMER_READS.some((prefix) => key.startsWith(prefix)))
      .flatMap(([key, text]) => sentences(text).filter((s) => s.split(/\s+/).length > MAX_WORDS).map((s) => `${key}: ${s}`));
    expect(long).toEqual([]);
  });

  it('offer English with the same command everywhere', () => {
    const offers = Object.entries(nl).filter(([, text]) => /English/.test(text));
    expect(offers.length).toBeGreaterThan(1);
    expect(offers.filter(([, text]) => !/language en/.test(text)).map(([key]) => key)).toEqual([]);
  });
});

describe('English prompts', () => {
  it('call the roles network lead and facilitator, never "the lead" or "process facilitator"', () => {
    const bare = /\b(the|its|a) lead\b|\bprocess facilitator/i;
    expect(Object.entries(en).filter(([, text]) => bare.test(prose(text))).map(([key]) => key)).toEqual([]);
  });

  it('put a session on a date, not "of" it (Dutch "de sessie van 11 maart")', () => {
    const ofDate = /\bsession of (\*\*)?\{(when|from|other|date)\}/i;
    expect(Object.entries(en).filter(([, text]) => ofDate.test(text)).map(([key]) => key)).toEqual([]);
  });

  it('say "activities" for werkvormen', () => {
    expect(Object.entries(en).filter(([, text]) => /\bwork forms?\b/i.test(text)).map(([key]) => key)).toEqual([]);
  });
});
