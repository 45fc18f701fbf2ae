// Drives the real app through a pulse: a network with roles, button presses, moving the clock.
import type { ActionEvent, FormEvent } from '../../src/core/events.ts';
import type { DomainEvent } from '../../src/core/domain-events.ts';
import type { Button } from '../../src/core/message.ts';
import type { TestApp } from '../fakes/test-app.ts';
import type { Sent } from '../fakes/recording-adapter.ts';

export const LEADS = ['anna', 'bram'] as const;

export function participantIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `deelnemer-${String(i + 1).padStart(2, '0')}`);
}

/** A network in kanaal-1 with anna as trekker, bram as procesbegeleider and `participants` deelnemers. */
export async function networkWith(t: TestApp, participants: string[]): Promise<string> {
  await t.command('anna', 'start Jeugd Leiden');
  await t.command('anna', 'rol procesbegeleider <@bram>');
  for (let i = 0; i < participants.length; i += 20) {
    const batch = participants.slice(i, i + 20);
    if (batch.length > 0) await t.command('anna', `rol deelnemer ${batch.map((p) => `<@${p}>`).join(' ')}`);
  }
  const network = await t.app.directory.byChannel('test', 'kanaal-1');
  t.adapter.take();
  return network!.id;
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

/** The vote buttons of the invitation a participant received: pulse id and question ids. */
export function inviteOf(sent: Sent[], user: string): { pulseId: string; questions: string[]; buttons: Button[] } {
  const invite = sent.find((s) => s.kind === 'direct' && s.to === user && buttonsOf(s).some((b) => b.actionId === 'pulse.vote'));
  if (!invite) throw new Error(`no invitation for ${user}`);
  const votes = buttonsOf(invite).filter((b) => b.actionId === 'pulse.vote');
  const pulseId = votes[0]!.value.split(':')[0]!;
  return { pulseId, questions: [...new Set(votes.map((b) => b.value.split(':')[1]!))], buttons: buttonsOf(invite) };
}

export async function vote(t: TestApp, user: string, pulseId: string, questionId: string, score: number): Promise<void> {
  await press(t, user, 'pulse.vote', `${pulseId}:${questionId}:${score}`);
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

export const DAY = 24 * 60 * 60 * 1000;

export function recordEvents(t: TestApp, type: DomainEvent['type']): DomainEvent[] {
  const seen: DomainEvent[] = [];
  t.app.events.on(type, (event) => void seen.push(event));
  return seen;
}
