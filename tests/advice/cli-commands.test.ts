// `liso ask` and `liso eval`: JSON lines, stdin mode, plain text and usage errors.
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { askCommand } from '../../cli/ask-command.ts';
import { evalCommand } from '../../cli/eval-command.ts';

function captureStdout(): { text: () => string } {
  const chunks: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  return { text: () => chunks.join('') };
}

function withStdin(text: string): void {
  vi.spyOn(process, 'stdin', 'get').mockReturnValue(Readable.from([text]) as unknown as typeof process.stdin);
}

afterEach(() => vi.restoreAllMocks());

describe('liso ask', () => {
  it('writes one JSON object per question with topic, score, alternatives and answer', async () => {
    const out = captureStdout();
    expect(await askCommand(['--json', 'na de kick-off komt niemand meer'])).toBe(0);
    const answer = JSON.parse(out.text());
    expect(Object.keys(answer)).toEqual(['question', 'topic', 'title', 'score', 'abstained', 'partial', 'missing', 'second', 'alternatives', 'answer']);
    expect(answer).toMatchObject({ question: 'na de kick-off komt niemand meer', topic: 'sb-betrokkenheid', abstained: false });
    expect(answer.alternatives.length).toBe(3);
    expect(answer.answer).toContain('Bron: LISO-handboek, h6, struikelblok 1');
  });

  it('marks a partial answer and says first what the handbook lacks', async () => {
    const out = captureStdout();
    await askCommand(['--json', 'Hoe vragen we geld aan bij het VSBfonds voor ons leernetwerk?']);
    const answer = JSON.parse(out.text());
    expect(answer).toMatchObject({ topic: 'financiering', partial: true, missing: ['de regels van dat fonds of subsidieprogramma'], second: null });
    expect(answer.answer).toMatch(/^Over de regels van dat fonds of subsidieprogramma zegt het handboek niets\.\nDit komt er het dichtst bij:\nOmvang en financiering/);
  });

  it('reads one question per line from stdin when none is given', async () => {
    withStdin('How do I reset my Slack password?\n\nwe keep running out of time in our meetings\n');
    const out = captureStdout();
    expect(await askCommand(['--json', '--lang', 'en'])).toBe(0);
    const lines = out.text().trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((l) => [l.topic, l.abstained])).toEqual([
      [null, true],
      ['sb-overvolle-sessies', false],
    ]);
    expect(lines[0].answer).toMatch(/says nothing about .*\nYou asked: “How do I reset my Slack password\?” I will not guess\./);
  });

  it('prints the plain-text answer without --json', async () => {
    const out = captureStdout();
    await askCommand(['Hoe', 'werkt', 'een', 'casusbespreking?']);
    expect(out.text()).toMatch(/^Casusbespreking/);
    expect(out.text()).toContain('Bron:');
  });

  it('rejects an unknown language', async () => {
    await expect(askCommand(['--lang', 'de', 'vraag'])).rejects.toThrow(/--lang/);
  });
});

describe('liso eval', () => {
  it('reports every set and the baseline in one run, the test half first', async () => {
    const out = captureStdout();
    expect(await evalCommand([])).toBe(0);
    const text = out.text();
    expect(text).toMatch(/^\| test \(counts\) \| all \| 247 \| 205 \|/m);
    expect(text).toMatch(/^\| tune \| all \| 244 \| 204 \|/m);
    expect(text).toMatch(/^\| dev \| all \| 50 \| 46 \|/m);
    expect(text).toMatch(/^\| extra \| all \| 81 \| 65 \|/m);
    expect(text).toMatch(/^\| outside \(public pages\) \| all \| 130 \| 96 \|/m);
    const baseline = text.slice(text.indexOf('Baseline'));
    expect(baseline).toMatch(/^\| test \(counts\) \| all \| 247 \|/m);
    expect(baseline).toMatch(/^\| outside \(public pages\) \| all \| 130 \|/m);
  });

  it('measures one file and lists its misses', async () => {
    const out = captureStdout();
    expect(await evalCommand(['tests/fixtures/eval/questions.dev.json', '--misses'])).toBe(0);
    expect(out.text()).toMatch(/^\| questions\.dev\.json \| all \| 50 \| 46 \|/m);
  });

  it('refuses to list the misses of the sealed sets (the test half and the outside set)', async () => {
    const out = captureStdout();
    await expect(evalCommand(['tests/fixtures/eval/questions.test.json', '--misses'])).rejects.toThrow(/sealed/);
    await expect(evalCommand(['--misses', 'tests/fixtures/eval/questions.personas.json'])).rejects.toThrow(/sealed/);
    await expect(evalCommand(['tests/fixtures/eval/questions.outside.json', '--misses'])).rejects.toThrow(/sealed/);
    expect(out.text()).toBe('');
  });
});
