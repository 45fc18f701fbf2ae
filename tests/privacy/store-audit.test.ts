// The audit's attacks can fail: each finds the leak it is written for in a store that has it.
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ballotId } from '../../src/features/pulse/ballot.ts';
import type { StoreImage } from './store-audit.ts';
import { findPerson, linkingAttacks } from './store-audit.ts';

const SANNE = { ids: ['sanne'], names: ['Sanne'] };
const image = (entries: Array<[string, unknown]>, raw: string[] = []): StoreImage => ({
  label: 'test',
  entries: entries.map(([key, value]) => ({ key, text: JSON.stringify({ value }) })),
  raw: raw.map((text, i) => ({ file: `file${i}`, text })),
});
const attack = (img: StoreImage, extra: { answers?: string[]; answersKeptOnce?: boolean } = {}) =>
  linkingAttacks([img], { platform: 'console', people: [SANNE], ...extra }).map((f) => f.what);

describe('the privacy audit finds each kind of leak', () => {
  it('an HMAC of the person under a stored secret (the design issue 21 replaced)', () => {
    const secret = 'c2VjcmV0LXBlci1wdWxzZS1rZXktMTIzNDU2';
    const voter = createHmac('sha256', secret).update('console:sanne').digest('base64url');
    const found = attack(image([['pulse:abcdef12:secret', secret], [`pulse:abcdef12:answer:${voter}:sessie`, 4]]));
    expect(found.some((w) => w.startsWith('HMAC('))).toBe(true);
    expect(found).toContain('an answer in a record of its own (its position tells when)');
  });

  it('a ballot whose token is stored anywhere (say, in a delivery record)', () => {
    const token = 'AbCdEfGhIjKlMnOpQrStUv';
    const found = attack(image([['delivery:pulse:abcdef12:invite:x', { buttons: [`abcdef12:${token}:sessie:4`] }], ['pulse:abcdef12:ballots', { [ballotId('abcdef12', 'console', 'sanne', token)]: { sessie: 4 } }]]));
    expect(found.some((w) => w.startsWith('ballotId(abcdef12, sanne'))).toBe(true);
  });

  it('a plain hash of a string from the person\'s own records', () => {
    const hashed = createHash('sha256').update('sanne').digest('hex').slice(0, 32);
    expect(attack(image([['wins:person-index', hashed]])).some((w) => w.startsWith('sha256(sanne)'))).toBe(true);
  });

  it('a record holding both a person and an answer, and ballots kept in issue order or with a time', () => {
    const found = attack(image([['pulse:abcdef12:ballots', { zzzz: { sessie: 4 }, aaaa: {}, at: '2027-01-04T10:00:00Z' }], ['delivery:x', { to: 'sanne', text: 'Meer pauze' }]]), { answers: ['Meer pauze'] });
    expect(found).toContain('ballots in the order they were issued');
    expect(found).toContain('a time next to the ballots');
    expect(found).toContain('an answer next to sanne');
  });

  it('an earlier version of an answer left in the raw bytes', () => {
    expect(attack(image([], ['..Meer pauze.."sessie":2....Meer pauze.."sessie":4..']), { answers: ['Meer pauze'], answersKeptOnce: true })).toContain('the answer "Meer pauze" 2 times (history)');
  });

  it('a person\'s id or name in keys, values and raw bytes', () => {
    const found = findPerson(image([['person:console:sanne', { displayName: 'Sanne' }]], ['\u0000\u0000sanne\u0000']), SANNE);
    expect(found.map((f) => f.what).sort()).toEqual(['Sanne', 'sanne', 'sanne']);
  });
});
