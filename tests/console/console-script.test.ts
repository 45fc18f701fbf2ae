// The console adapter driven by scripts: in-process with a simulated clock, and as the real CLI.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runConsole } from '../../adapters/console/index.ts';
import { parseClockTarget } from '../../adapters/console/clock-command.ts';
import { createApp } from '../../src/app.ts';
import { SimulatedClock } from '../../src/core/clock.ts';
import { createLogger } from '../../src/core/logger.ts';
import { loadConfig } from '../../src/config/schema.ts';
import type { Feature } from '../../src/core/feature.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin/liso.js');
const tempDirs: string[] = [];

afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function consoleTranscript(lines: string[], extra: Feature[] = [], start = new Date('2027-01-04T08:00:00Z')) {
  const clock = new SimulatedClock(start);
  const app = await createApp({ config: loadConfig({ LISO_STORE: 'memory://' }), clock, log: createLogger('silent'), store: new MemoryStore(clock) });
  for (const feature of extra) app.bot.use(feature);
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (chunk) => chunks.push(String(chunk)));
  await runConsole({
    app,
    input: Readable.from(lines.map((l) => `${l}\n`)),
    output,
    interactive: false,
    echo: true,
    lang: 'nl',
    timeZone: 'Europe/Amsterdam',
  });
  return { text: chunks.join(''), clock, app };
}

describe('console adapter (in-process)', () => {
  it('says where every message went', async () => {
    const { text } = await consoleTranscript(['/liso start Jeugd', '/liso netwerk', ':privé', '/liso help']);
    expect(text).toMatch(/── kanaal #leernetwerk ──\nLeernetwerk Jeugd is gestart/);
    expect(text).toMatch(/── alleen zichtbaar voor Anna ──\n# Leernetwerk Jeugd/);
    expect(text).toMatch(/Anna in gesprek met liso-bot > \/liso help/);
  });

  it('acts as other users, created on first use', async () => {
    const { text } = await consoleTranscript(['/liso start Jeugd', ':als Sanne de Vries', '/liso rol deelnemer @Bram', ':wie']);
    expect(text).toMatch(/Je bent nu Sanne de Vries\./);
    expect(text).toMatch(/── alleen zichtbaar voor Sanne de Vries ──\nAlleen de trekker of procesbegeleider/);
    expect(text).toMatch(/Je bent Sanne de Vries in #leernetwerk/);
  });

  it('a person named with terminal escapes, NUL or bidi characters is shown without them, by the console and by the bot', async () => {
    const { text } = await consoleTranscript([':als Zoë \u001b[31mRood\u001b[0m\u0000 \u202Eevil', ':kanaal #\u001b[2Jjeugd', '/liso start Jeugd', ':wie']);
    // The echo after "> " repeats the line as typed; everything else is what the console and the bot wrote.
    const written = text.split('\n').map((line) => (line.includes(' > ') ? line.slice(0, line.indexOf(' > ')) : line)).join('\n');
    expect(written).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F\u202A-\u202E]/);
    expect(written).toMatch(/Je bent nu Zoë \[31mRood\[0m evil\./);
    expect(written).toMatch(/── kanaal #\[2Jjeugd ──\nLeernetwerk Jeugd is gestart\. @Zoë \[31mRood\[0m evil is de trekker\./);
  });

  it('presses numbered buttons of the latest message the current user received', async () => {
    const pressed: string[] = [];
    const feature: Feature = {
      name: 'buttons-under-test',
      commands: [
        {
          name: 'knoppen',
          summary: 'help.summary',
          usage: 'help.usage',
          run: async (ctx) => {
            await ctx.adapter.sendDirect(ctx.actor.userId, {
              summary: 'Kies',
              blocks: [
                { type: 'section', text: [{ type: 'text', text: 'Kies maar' }] },
                { type: 'actions', buttons: [{ actionId: 'test.a', value: 'een', label: 'Een' }, { actionId: 'test.b', value: 'twee', label: 'Twee' }] },
              ],
            });
          },
        },
      ],
      actions: [
        {
          prefix: 'test.',
          run: async (ctx) => {
            pressed.push(`${ctx.actor.userId}:${ctx.event.value}`);
            await ctx.responder.updateSource?.({ summary: 'ok', blocks: [{ type: 'section', text: [{ type: 'text', text: `Gekozen: ${ctx.event.value}` }] }] });
          },
        },
      ],
    };
    const { text } = await consoleTranscript([':knop 1', '/liso knoppen', ':knop 3', ':knop 2', ':als Bram', ':knop 1'], [feature]);
    expect(text).toMatch(/Anna heeft sinds de start van deze console nog geen bericht met knoppen gekregen/);
    expect(text).toMatch(/── privébericht aan Anna ──\nKies maar\n {2}\[1\] Een {3}\[2\] Twee/);
    expect(text).toMatch(/Knop 3 bestaat niet; kies 1 tot en met 2/);
    expect(text).toMatch(/── bijgewerkt \(dm:anna\) ──\nGekozen: twee/);
    expect(text).toMatch(/Bram heeft sinds de start van deze console nog geen bericht met knoppen gekregen/);
    expect(pressed).toEqual(['anna:twee']);
  });

  it('asks a form line by line and submits it', async () => {
    const submitted: Array<Record<string, string>> = [];
    const feature: Feature = {
      name: 'form-under-test',
      commands: [
        {
          name: 'formulier',
          summary: 'help.summary',
          usage: 'help.usage',
          run: async (ctx) =>
            ctx.responder.openForm?.({
              formId: 'test.form',
              title: 'Open vraag',
              submitLabel: 'Verstuur',
              context: 'ctx-1',
              fields: [
                { id: 'idee', label: 'Wat kan beter?', kind: 'multiline', required: true },
                { id: 'extra', label: 'Nog iets?', kind: 'text', required: false, maxLength: 10 },
              ],
            }),
        },
      ],
      forms: [{ formId: 'test.form', run: async (ctx) => void submitted.push({ ...ctx.event.values, context: ctx.event.context }) }],
    };
    const { text } = await consoleTranscript(['/liso formulier', '', 'Meer tijd voor casussen', ''], [feature]);
    expect(text).toMatch(/Formulier Open vraag/);
    expect(text).toMatch(/Deze vraag moet je beantwoorden/);
    expect(submitted).toEqual([{ idee: 'Meer tijd voor casussen', context: 'ctx-1' }]);
    // A line longer than the field's length goes to the core whole, which keeps what fits and says so (the pulse's
    // open answer): a terminal, unlike a platform's form, does not stop the typing there. Before: cut to 10, untold.
    await consoleTranscript(['/liso formulier', 'idee', 'veel te lang antwoord'], [feature]);
    expect(submitted.at(-1)).toEqual({ idee: 'idee', extra: 'veel te lang antwoord', context: 'ctx-1' });
  });

  it('moves a simulated clock, visiting every due moment on the way', async () => {
    const ticks: string[] = [];
    const dueMoments = [new Date('2027-01-05T08:00:00Z'), new Date('2027-01-12T08:00:00Z')];
    const feature: Feature = {
      name: 'clock-under-test',
      nextDue: async (now) => dueMoments.find((d) => d > now),
      tick: async (now) => void ticks.push(now.toISOString()),
    };
    const { text, clock } = await consoleTranscript([':klok +2w', ':klok 2027-01-01T09:00', ':klok gisteren'], [feature]);
    expect(ticks).toEqual(['2027-01-05T08:00:00.000Z', '2027-01-12T08:00:00.000Z', '2027-01-18T08:00:00.000Z']);
    expect(clock.now().toISOString()).toBe('2027-01-18T08:00:00.000Z');
    expect(text).toMatch(/Het is nu maandag 18 januari 2027 09:00/);
    expect(text).toMatch(/De klok gaat alleen vooruit/);
    expect(text).toMatch(/Dat begrijp ik niet als tijd/);
  });

  it('explains lines that are neither bot nor console commands', async () => {
    const { text } = await consoleTranscript(['hallo', ':vlieg', `:${'x'.repeat(38)}😀\u001b[2J`]);
    expect(text).toMatch(/Berichten voor de bot beginnen met `\/liso`/);
    expect(text).toMatch(/Het console-commando :vlieg ken ik niet/);
    // A long unknown one is cut with an ellipsis, whole characters only, nothing a terminal would act on.
    expect(text).toMatch(/Het console-commando :x{38}… ken ik niet/);
  });
});

describe('parseClockTarget', () => {
  const now = new Date('2027-03-27T08:00:00Z'); // 09:00 in Amsterdam, the day before summer time
  it.each([
    ['+1d', '2027-03-28T07:00:00.000Z'], // still 09:00 on the wall clock after the DST change
    ['+1w', '2027-04-03T07:00:00.000Z'],
    ['+4h', '2027-03-27T12:00:00.000Z'],
    ['+30m', '2027-03-27T08:30:00.000Z'],
    ['2027-04-01T09:00', '2027-04-01T07:00:00.000Z'],
    ['2027-04-01T09:00:00Z', '2027-04-01T09:00:00.000Z'],
  ])('%s', (given, expected) => {
    expect(parseClockTarget(given, now, 'Europe/Amsterdam')?.toISOString()).toBe(expected);
  });

  it.each(['', '+3x', 'morgen', '3d'])('rejects %j', (given) => {
    expect(parseClockTarget(given, now, 'Europe/Amsterdam')).toBeUndefined();
  });
});

describe('the liso CLI', () => {
  async function tempDir(): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'liso-cli-'));
    tempDirs.push(dir);
    return dir;
  }

  it('runs a script on the SQLite store, and the data is still there after a restart', async () => {
    const dir = await tempDir();
    const env = { ...process.env, LISO_STORE: `sqlite://${path.join(dir, 'liso.sqlite')}`, LOG_LEVEL: 'warn' };
    // The script plans sessions on fixed days of 2027: a simulated clock keeps them in the future whenever this runs.
    const clock = ['--simulated-clock', '2027-01-04T09:00:00+01:00'];
    const first = await run('node', [bin, 'console', ...clock, '--script', path.join(root, 'tests/fixtures/console/foundation.txt')], { env, cwd: dir });
    expect(first.stdout).toMatch(/Leernetwerk Jeugd Leiden is gestart/);
    expect(first.stdout).toMatch(/@Sanne en @Ahmed zijn nu deelnemer/);
    expect(first.stdout).toMatch(/De sessie van donderdag 10 juni 2027, 14:00 is verplaatst naar donderdag 17 juni 2027, 10:00–13:00/);
    expect(first.stdout).toMatch(/── alleen zichtbaar voor Sanne ──\nAlleen de trekker/);
    expect(first.stdout).toMatch(/2027-02-30 bestaat niet: februari 2027 heeft 28 dagen/);
    const script = path.join(dir, 'again.txt');
    await writeFile(script, '/liso netwerk\n/liso sessies\n');
    const second = await run('node', [bin, 'console', ...clock, '--script', script], { env, cwd: dir });
    expect(second.stdout).toMatch(/Trekker: @Anna/);
    expect(second.stdout).toMatch(/Procesbegeleider: @Bram/);
    expect(second.stdout).toMatch(/Deelnemer: @Ahmed, @Sanne/);
    expect(second.stdout).toMatch(/donderdag 11 maart 2027, 14:00[\s\S]*donderdag 17 juni 2027, 10:00/);
  });

  it('runs the advice script: answer, more tips, rating, abstention passed on anonymously, menu, the leads\' list', async () => {
    const dir = await tempDir();
    const env = { ...process.env, LISO_STORE: `sqlite://${path.join(dir, 'liso.sqlite')}` };
    const { stdout } = await run('node', [bin, 'console', '--script', path.join(root, 'tests/fixtures/console/advice.txt')], { env, cwd: dir });
    expect(stdout).toMatch(/── alleen zichtbaar voor Sanne ──\n# Deelnemers haken af na een sterke start/);
    expect(stdout).toMatch(/Bron: LISO-handboek, h6, struikelblok 1/);
    expect(stdout).toMatch(/# Meer over: Deelnemers haken af/);
    expect(stdout).toMatch(/── bijgewerkt[^\n]*──\n# Deelnemers haken af[\s\S]*Je vond dit antwoord nuttig/);
    expect(stdout).toMatch(/── privébericht aan Bram ──\n# Een vraag uit Jeugd Leiden[\s\S]*De vrager blijft liever anoniem/);
    expect(stdout).toMatch(/# Overvolle sessies/);
    expect(stdout).toMatch(/Onbeantwoorde vragen: Jeugd Leiden\n[^\n]*welke cao geldt[^\n]*\(anoniem doorgestuurd\)/);
  });

  it('starts the console on the embedded store when no tokens are set (npm start)', async () => {
    const dir = await tempDir();
    const env = { ...process.env, LISO_STORE: `sqlite://${path.join(dir, 'var/liso.sqlite')}`, SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '' };
    const child = execFile('node', [bin, 'start'], { env, cwd: dir });
    child.stdin!.end('/liso help\n:stop\n');
    const stdout = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d) => (out += String(d)));
      child.on('error', reject);
      child.on('close', () => resolve(out));
    });
    expect(stdout).toMatch(/Wat liso-bot voor jullie leernetwerk doet/);
    expect(stdout).toMatch(/Tot ziens!/);
  });

  it('stops with a clear message, not a stack trace, when the store cannot be opened', async () => {
    const dir = await tempDir();
    const blocker = path.join(dir, 'file');
    await writeFile(blocker, 'x');
    const env = { ...process.env, LISO_STORE: `sqlite://${blocker}/sub/liso.sqlite` };
    const result = await run('node', [bin, 'console', '--script', path.join(root, 'tests/fixtures/console/foundation.txt')], { env, cwd: dir }).catch((e: { code: number; stderr: string }) => e);
    expect(result).toMatchObject({ code: 1 });
    expect((result as { stderr: string }).stderr).toMatch(/liso-bot kan niet starten.*LISO_STORE/);
    expect((result as { stderr: string }).stderr).not.toMatch(/\n\s+at /);
  });

  it('stops with a clear message when Redis is down', async () => {
    const env = { ...process.env, LISO_STORE: 'redis://127.0.0.1:1' };
    const result = await run('node', [bin, 'console', '--script', path.join(root, 'tests/fixtures/console/foundation.txt')], { env }).catch((e: { code: number; stderr: string }) => e);
    expect(result).toMatchObject({ code: 1 });
    expect((result as { stderr: string }).stderr).toMatch(/Redis.*LISO_STORE/);
  });

  it('stops with a clear message on bad configuration', async () => {
    const env = { ...process.env, LISO_TIMEZONE: 'Mars/Olympus' };
    const result = await run('node', [bin, 'start'], { env }).catch((e: { code: number; stderr: string }) => e);
    expect((result as { stderr: string }).stderr).toMatch(/LISO_TIMEZONE/);
  });

  it('prints usage for liso help', async () => {
    const { stdout } = await run('node', [bin, 'help']);
    expect(stdout).toMatch(/liso console/);
    expect(stdout).toMatch(/LISO_STORE/);
  });
});
