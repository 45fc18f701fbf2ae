// Drives the real app through a pulse: a network with roles, button presses, moving the clock.
import { DateTime } from 'luxon';
import type { ActionEvent, FormEvent } from '../../src/core/events.ts';
import type { DomainEvent } from '../../src/core/domain-events.ts';
import type { Button } from '../../src/core/message.ts';
import type { TestApp } from '../fakes/test-app.ts';
import type { Sent } from '../fakes/recording-adapter.ts';

export const LEADS = ['anna', 'bram'] as const;

export function participantIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `deelnemer-${String(i + 1).padStart(2, '0')}`);
}

/**
 * A network in kanaal-1 with anna as trekker, bram as procesbegeleider and `participants`
 * deelnemers. Unless `held` is false it also holds a session a minute from now, and the clock
 * moves past its start: a pulse asks about the latest session held.
 */
export async function networkWith(t: TestApp, participants: string[], options: { held?: boolean } = {}): Promise<string> {
  await t.command('anna', 'start Jeugd Leiden');
  await t.command('anna', 'rol procesbegeleider <@bram>');
  for (let i = 0; i < participants.length; i += 20) {
    const batch = participants.slice(i, i + 20);
    if (batch.length > 0) await t.command('anna', `rol deelnemer ${batch.map((p) => `<@${p}>`).join(' ')}`);
  }
  if (options.held !== false) await holdSession(t);
  const network = await t.app.directory.byChannel('test', 'kanaal-1');
  t.adapter.take();
  return network!.id;
}

/** Plans a session of the network in kanaal-1 a minute from now (confirmed when close to another) and moves the clock to its start. */
export async function holdSession(t: TestApp): Promise<void> {
  const start = new Date(t.clock.now().getTime() + MINUTE);
  await t.command('anna', `sessie ${DateTime.fromJSDate(start, { zone: 'Europe/Amsterdam' }).toFormat('yyyy-MM-dd HH:mm')} bevestig`);
  t.clock.set(start);
  await t.app.bot.tick(start);
  t.adapter.take();
}

export async function press(t: TestApp, user: string, actionId: string, value: string): Promise<void> {
  const event: ActionEvent = {
    type: 'action',
    platform: 'test',
    actor: { userId: user, displayName: user },
    conversation: { kind: 'direct', id: `dm-${user}` },
    actionId,
    value,
  };
  await t.app.bot.handle(event, t.adapter.responder(user));
}

export async function submitForm(t: TestApp, user: string, formId: string, context: string, values: Record<string, string>): Promise<void> {
  const event: FormEvent = { type: 'form', platform: 'test', actor: { userId: user, displayName: user }, conversation: { kind: 'direct', id: `dm-${user}` }, formId, context, values };
  await t.app.bot.handle(event, t.adapter.responder(user));
}

export function buttonsOf(sent: Sent | undefined): Button[] {
  return (sent?.message?.blocks ?? []).flatMap((b) => (b.type === 'actions' ? b.buttons : []));
}

/** Ballot tokens seen in invitations, by pulse and person: what each person's buttons carry. */
const tokensSeen = new Map<string, string>();

/**
 * The invitation a participant received: pulse id, question ids, buttons and its ballot
 * (`<pulse>:<token>`). Every invitation in `sent` is remembered, so `vote` presses with the
 * voter's own token.
 */
export function inviteOf(sent: Sent[], user: string): { pulseId: string; questions: string[]; buttons: Button[]; ballot: string } {
  for (const s of sent) {
    const first = buttonsOf(s).find((b) => b.actionId === 'pulse.vote');
    if (s.kind === 'direct' && first) {
      const [pulseId, token] = first.value.split(':');
      tokensSeen.set(`${pulseId}/${s.to}`, token!);
    }
  }
  const invite = sent.find((s) => s.kind === 'direct' && s.to === user && buttonsOf(s).some((b) => b.actionId === 'pulse.vote'));
  if (!invite) throw new Error(`no invitation for ${user}`);
  const votes = buttonsOf(invite).filter((b) => b.actionId === 'pulse.vote');
  const [pulseId = '', token = ''] = votes[0]!.value.split(':');
  return { pulseId, questions: [...new Set(votes.map((b) => b.value.split(':')[2]!))], buttons: buttonsOf(invite), ballot: `${pulseId}:${token}` };
}

/** `<pulse>:<token>` of a person's invitation; a made-up (forged) token for someone never invited. */
export function ballotOf(pulseId: string, user: string): string {
  return `${pulseId}:${tokensSeen.get(`${pulseId}/${user}`) ?? FORGED_TOKEN}`;
}

export const FORGED_TOKEN = 'AAAAAAAAAAAAAAAAAAAAAA';

export async function vote(t: TestApp, user: string, pulseId: string, questionId: string, score: number): Promise<void> {
  await press(t, user, 'pulse.vote', `${ballotOf(pulseId, user)}:${questionId}:${score}`);
}

/** Submits the open-answer form from a person's own invitation. */
export async function openAnswer(t: TestApp, user: string, pulseId: string, answer: string): Promise<void> {
  await submitForm(t, user, 'pulse.open-answer', ballotOf(pulseId, user), { answer });
}

/** Moves the clock to `target`, ticking at every due moment on the way, like the console does. */
export async function advanceTo(t: TestApp, target: Date): Promise<void> {
  for (let step = 0; step < 1_000; step++) {
    const due = await t.app.bot.nextDue(t.clock.now());
    if (!due || due > target) break;
    if (due > t.clock.now()) t.clock.set(due);
    await t.app.bot.tick(t.clock.now());
  }
  t.clock.set(target);
  await t.app.bot.tick(t.clock.now());
}

export const MINUTE = 60 * 1000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export function recordEvents(t: TestApp, type: DomainEvent['type']): DomainEvent[] {
  const seen: DomainEvent[] = [];
  t.app.events.on(type, (event) => void seen.push(event));
  return seen;
}
