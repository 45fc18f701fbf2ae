// A small feature with buttons, choices, forms, attachments and slow work, to exercise the adapter
// on parts of the message model the current features do not use yet.
import type { Feature } from '../../src/core/feature.ts';
import type { Form, Message } from '../../src/core/message.ts';
import { mention } from '../../src/core/rich-text.ts';

export const LONG_ACTION = `test.long.${'a'.repeat(50)}`;
export const LONG_VALUE = 'v'.repeat(60);

export const probeForm: Form = {
  formId: 'test.form',
  title: 'Een klein succes vieren met het hele netwerk, want dat werkt',
  submitLabel: 'Opslaan',
  context: 'network-1:session-2',
  fields: [
    { id: 'wat', label: 'Wat ging er goed?', kind: 'multiline', required: true, maxLength: 500 },
    { id: 'hoe', label: 'Hoe groot?', kind: 'select', required: true, options: [{ label: 'Klein', value: 'klein' }, { label: 'Groot', value: 'groot' }] },
  ],
};

export interface Probe {
  feature: Feature;
  /** Slow commands wait for this gate. */
  open(): void;
  seen: Array<{ kind: string; actionId?: string; value?: string; values?: Record<string, string>; context?: string }>;
}

export function createProbe(): Probe {
  let release: () => void = () => undefined;
  let gate = new Promise<void>((resolve) => (release = resolve));
  const seen: Probe['seen'] = [];
  const text = (t: string): Message => ({ summary: t, blocks: [{ type: 'section', text: [{ type: 'text', text: t }] }] });
  const feature: Feature = {
    name: 'probe',
    commands: [
      {
        name: 'knoppen',
        summary: 'help.summary',
        usage: 'help.usage',
        async run(ctx) {
          await ctx.reply({
            summary: 'Taak',
            blocks: [
              { type: 'section', text: [{ type: 'text', text: 'Taak: agenda rondsturen' }] },
              { type: 'actions', buttons: [
                { actionId: 'test.done', value: 'task-1', label: 'Gedaan', style: 'primary' },
                { actionId: LONG_ACTION, value: LONG_VALUE, label: 'Lang' },
              ] },
              { type: 'choices', choice: { actionId: 'test.pick', placeholder: 'Kies', options: [{ label: 'Een', value: '1' }, { label: 'Twee', value: '2' }] } },
            ],
          });
        },
      },
      {
        name: 'formulier',
        summary: 'help.summary',
        usage: 'help.usage',
        async run(ctx) {
          await ctx.responder.openForm!(probeForm);
        },
      },
      {
        name: 'traag',
        summary: 'help.summary',
        usage: 'help.usage',
        async run(ctx) {
          await gate;
          if (ctx.args[0] === 'formulier') await ctx.responder.openForm!(probeForm);
          else if (ctx.args[0] === 'stil') await ctx.adapter.postToChannel(ctx.conversation.id, text('Alleen in het kanaal'));
          else await ctx.reply(text('Eindelijk klaar'));
        },
      },
      {
        name: 'bestand',
        summary: 'help.summary',
        usage: 'help.usage',
        async run(ctx) {
          await ctx.reply({ ...text('Agenda als bijlage'), attachments: [{ filename: 'sessie.ics', mimeType: 'text/calendar', content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR' }] });
        },
      },
      {
        name: 'groot',
        summary: 'help.summary',
        usage: 'help.usage',
        async run(ctx) {
          const words = Array.from({ length: 1500 }, (_, i) => `woord${i}`).join(' ');
          await ctx.reply({
            summary: 'Groot',
            blocks: [
              { type: 'heading', text: 'Kop '.repeat(40) },
              { type: 'section', text: [{ type: 'text', text: words }, { type: 'text', text: '*'.repeat(3000), style: 'bold' }, mention(ctx.actor.userId, ctx.actor.displayName)] },
              { type: 'list', items: Array.from({ length: 80 }, (_, i) => [{ type: 'text', text: `punt ${i} `.repeat(10) }]) },
              { type: 'actions', buttons: Array.from({ length: 32 }, (_, i) => ({ actionId: `test.b${i % 30}`, value: String(i % 30), label: `Knop ${i} `.repeat(20) })) },
              { type: 'choices', choice: { actionId: 'test.pick', placeholder: 'P'.repeat(200), options: Array.from({ length: 60 }, (_, i) => ({ label: `Optie ${i} `.repeat(30), value: `o${i}` })) } },
            ],
          });
        },
      },
    ],
    actions: [
      {
        prefix: 'test.',
        async run(ctx) {
          seen.push({ kind: 'action', actionId: ctx.event.actionId, value: ctx.event.value });
          if (ctx.event.actionId === 'test.done' && ctx.responder.updateSource) {
            await ctx.responder.updateSource({ summary: 'Gedaan', blocks: [{ type: 'section', text: [{ type: 'text', text: '✅ Gedaan door ' }, mention(ctx.actor.userId, ctx.actor.displayName)] }] });
          } else {
            await ctx.reply(text(`Gekozen: ${ctx.event.actionId} ${ctx.event.value}`));
          }
        },
      },
    ],
    forms: [
      {
        formId: 'test.form',
        async run(ctx) {
          seen.push({ kind: 'form', values: ctx.event.values, context: ctx.event.context });
          await ctx.reply(text(`Opgeslagen: ${ctx.event.values['wat']} (${ctx.event.values['hoe']})`));
        },
      },
    ],
  };
  return {
    feature,
    seen,
    open() {
      release();
      gate = new Promise<void>((resolve) => (release = resolve));
    },
  };
}
