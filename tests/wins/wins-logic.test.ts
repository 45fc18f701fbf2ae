// Pure parts of the wins feature, as tables: parsing, variant choice, Markdown, milestone timing, the journey document.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPrompts } from '../../src/core/prompt-files.ts';
import { chooseVariant, variantCount } from '../../src/features/wins/celebration-variants.ts';
import { journeyDocument } from '../../src/features/wins/journey-report.ts';
import { slug } from '../../src/core/sanitize.ts';
import { escapeMarkdown, richToMarkdown } from '../../src/features/wins/markdown.ts';
import { milestoneHeadline } from '../../src/features/wins/milestone-messages.ts';
import { firstAnniversary, nextMilestoneMoment, reachedSessionMilestones } from '../../src/features/wins/milestone-rules.ts';
import { parseWinText } from '../../src/features/wins/win-text.ts';
import { SESSION_MILESTONES } from '../../src/features/wins/win-types.ts';
import type { Network, Session } from '../../src/domain/types.ts';

const prompts = loadPrompts(path.resolve(import.meta.dirname, '../../prompts'));
const nl = prompts.translator('nl');
const bram = { token: '<@bram>', userId: 'bram', displayName: 'Bram' };
const bramLong = { token: '<@bram2>', userId: 'bram2', displayName: 'Bram Twee' };

describe('parseWinText', () => {
  it.each([
    ['casus rond', [], [{ kind: 'text', text: 'casus rond' }], []],
    ['met <@bram> rond', [bram], [{ kind: 'text', text: 'met ' }, { kind: 'person', userId: 'bram' }, { kind: 'text', text: ' rond' }], ['bram']],
    ['<@bram2> en <@bram>', [bram, bramLong], [{ kind: 'person', userId: 'bram2' }, { kind: 'text', text: ' en ' }, { kind: 'person', userId: 'bram' }], ['bram2', 'bram']],
    ['ik, <@sanne>, zelf', [{ token: '<@sanne>', userId: 'sanne', displayName: 'Sanne' }], [{ kind: 'text', text: 'ik, ' }, { kind: 'person', userId: 'sanne' }, { kind: 'text', text: ', zelf' }], []],
    ['<@U1> blijft tekst', [], [{ kind: 'text', text: '<@U1> blijft tekst' }], []],
    ['  veel   ruimte\n\nen regels ', [], [{ kind: 'text', text: 'veel ruimte en regels' }], []],
    ['a.b*c (<@bram>)', [bram], [{ kind: 'text', text: 'a.b*c (' }, { kind: 'person', userId: 'bram' }, { kind: 'text', text: ')' }], ['bram']],
  ])('%j', (text, mentions, parts, credited) => {
    expect(parseWinText(text, mentions, 'sanne')).toEqual({ parts, credited });
  });
});

describe('chooseVariant', () => {
  it('never repeats the previous variant and keeps a win on the same text', () => {
    for (let i = 0; i < 500; i++) {
      const id = `win-${i}`;
      const free = chooseVariant(id, undefined, 14);
      expect(chooseVariant(id, free, 14)).not.toBe(free);
      expect(chooseVariant(id, (free + 1) % 14, 14)).toBe(free);
    }
  });

  it('finds every numbered celebration text in both languages', () => {
    expect(variantCount(nl)).toBeGreaterThanOrEqual(12);
    expect(variantCount(prompts.translator('en'))).toBe(variantCount(nl));
  });

  it('never picks a headline that offers the win for sharing outside the network: nobody chose that', () => {
    for (const lang of ['nl', 'en'] as const) {
      const t = prompts.translator(lang);
      const headlines = Array.from({ length: variantCount(t) }, (_, i) => t.text(`wins.celebrate.${i + 1}` as Parameters<typeof t.text>[0], { network: 'Jeugd' }));
      expect(headlines.filter((text) => /buiten|outside|delen|sharing/i.test(text))).toEqual([]);
    }
  });

  it('has a headline for every session milestone', () => {
    for (const count of SESSION_MILESTONES) {
      expect(nl.has(`wins.milestone.sessions${count}`)).toBe(true);
      expect(milestoneHeadline({ id: `sessions-${count}`, kind: 'sessions', count, reachedAt: new Date() }, { networkName: 'X', thanked: new Map() }, nl).length).toBeGreaterThan(0);
    }
  });
});

describe('Markdown', () => {
  // Escaped only where CommonMark would read markup, so a plain-text reader sees no backslashes.
  it.each([
    ['indrukwekkend!', 'indrukwekkend!'],
    ['a < b > c, 5 * 3 * 2, 2*3 = 6, snake_case_naam', 'a < b > c, 5 * 3 * 2, 2*3 = 6, snake_case_naam'],
    ['regel\n\n- lijst', 'regel - lijst'],
    ['gewoon 11-3-2027. #1 [sic] ~ |', 'gewoon 11-3-2027. #1 [sic] ~ |'],
    ['**vet** en _schuin_ en ~~weg~~', '\\*\\*vet\\*\\* en \\_schuin\\_ en \\~\\~weg\\~\\~'],
    ['[link](http://x) ![beeld](http://y)', '\\[link](http://x) !\\[beeld](http://y)'],
    ['<wat er gelukt is> <!channel> <http://x>', '\\<wat er gelukt is> \\<!channel> \\<http://x>'],
    ['`code` en &amp; en a\\*b', '\\`code\\` en \\&amp; en a\\\\*b'],
    ['# kop', '\\# kop'],
    ['- lijst', '\\- lijst'],
    ['1. lijst', '1\\. lijst'],
    ['> citaat', '\\> citaat'],
    ['---', '\\---'],
    ['[a]: http://x', '\\[a]: http://x'],
  ])('escapes %j', (given, expected) => {
    expect(escapeMarkdown(given)).toBe(expected);
  });

  it('looks at the whole line, so words around a named person cannot join into a link', () => {
    const line = richToMarkdown([{ type: 'text', text: '[klik ' }, { type: 'mention', userId: 'u', fallback: '@Bram' }, { type: 'text', text: '](http://x)' }]);
    expect(line).toBe('\\[klik @Bram](http://x)');
  });

  it('writes a command as code, so its "<...>" needs no backslash', () => {
    expect(richToMarkdown(nl.rich('wins.since.none'))).toContain('Deel het met `/liso vier <wat er gelukt is>`.');
    expect(richToMarkdown([{ type: 'text', text: 'a`b', style: 'code' }])).toBe('``a`b``');
    expect(richToMarkdown([{ type: 'text', text: 'vet ', style: 'bold' }, { type: 'text', text: 'en' }])).toBe('**vet** en');
  });

  it.each([
    ['Jeugd Leiden', 'jeugd-leiden'],
    ['Zorg & Wélzijn!', 'zorg-welzijn'],
    ['***', 'netwerk'],
  ])('slugs %j', (given, expected) => {
    expect(slug(given)).toBe(expected);
  });
});

const network: Network = { id: 'n1', name: 'Jeugd', platform: 'test', channelId: 'c', timeZone: 'Europe/Amsterdam', createdAt: new Date('2027-01-04T08:00:00Z'), createdBy: 'anna' };
function session(id: string, iso: string, status: Session['status'] = 'planned'): Session {
  return { id, networkId: 'n1', date: iso.slice(0, 10), time: '14:00', timeZone: 'Europe/Amsterdam', startsAt: new Date(iso), status, createdAt: network.createdAt, createdBy: 'anna', updatedAt: network.createdAt, movedFrom: [] };
}

describe('milestone timing', () => {
  const sessions = [
    session('s1', '2027-02-01T13:00:00Z'),
    session('s2', '2027-03-01T13:00:00Z', 'cancelled'),
    session('s3', '2027-04-01T12:00:00Z'),
    session('s4', '2027-05-01T12:00:00Z'),
  ];

  it.each([
    ['2027-01-10T00:00:00Z', [], '2027-02-01T13:00:00.000Z'],
    ['2027-02-01T13:00:00Z', ['sessions-1'], '2027-05-01T12:00:00.000Z'],
    ['2027-05-02T00:00:00Z', ['sessions-1', 'sessions-3'], '2028-01-04T08:00:00.000Z'],
    ['2028-02-01T00:00:00Z', ['sessions-1', 'sessions-3', 'year-1'], undefined],
  ])('at %s with %j reached, next is %s', (now, reached, expected) => {
    expect(nextMilestoneMoment(network, sessions, new Set(reached), new Date(now))?.toISOString()).toBe(expected);
  });

  it('counts only sessions that took place, and dates each milestone at its session', () => {
    expect(reachedSessionMilestones(sessions, new Date('2027-06-01T00:00:00Z')).map((m) => [m.id, m.sessionId])).toEqual([
      ['sessions-1', 's1'],
      ['sessions-3', 's4'],
    ]);
  });

  it('keeps the anniversary on the wall clock across daylight saving time', () => {
    const summer = { ...network, createdAt: new Date('2027-07-01T07:00:00Z') };
    expect(firstAnniversary(summer).toISOString()).toBe('2028-07-01T07:00:00.000Z');
    expect(firstAnniversary(network).toISOString()).toBe('2028-01-04T08:00:00.000Z');
  });
});

describe('journeyDocument', () => {
  const base = {
    network,
    now: new Date('2027-12-01T09:00:00Z'),
    held: [session('s1', '2027-02-01T13:00:00Z')],
    wins: [],
    milestones: [],
    names: new Map<string, string>(),
    sessionsById: new Map<string, Session>(),
  };

  it('renders the pulse trend and unanswered questions when their features provide them, escaped', () => {
    const doc = journeyDocument(
      {
        ...base,
        pulseTrend: ['Sessie 1: 3,8 gemiddeld', 'Sessie 2: 4,2 **stijgend**'],
        unanswered: [{ askedAt: new Date('2027-03-02T10:00:00Z'), text: 'Hoe betrekken we <!here> jongeren?' }],
        hasPulseSource: true,
        hasQuestionSource: true,
      },
      nl,
    );
    expect(doc.content).toContain('## Hoe de sessies werden ervaren (pulse)\n\n- Sessie 1: 3,8 gemiddeld\n- Sessie 2: 4,2 \\*\\*stijgend\\*\\*\n');
    expect(doc.content).toContain('## Vragen die nog openstaan\n\n- maart 2027: Hoe betrekken we \\<!here> jongeren?\n');
    expect(doc.filename).toBe('reisverslag-jeugd-2027-12-01.md');
  });

  it('says there is nothing when a wired feature has no data, and leaves sections out when none is wired', () => {
    const empty = journeyDocument({ ...base, pulseTrend: undefined, unanswered: [], hasPulseSource: true, hasQuestionSource: true }, nl).content;
    expect(empty).toContain('Er zijn geen afgesloten pulses.');
    expect(empty).toContain('Er staan geen onbeantwoorde vragen open.');
    const unwired = journeyDocument({ ...base, hasPulseSource: false, hasQuestionSource: false }, nl).content;
    expect(unwired).not.toMatch(/pulse|Vragen die nog openstaan/);
  });
});
