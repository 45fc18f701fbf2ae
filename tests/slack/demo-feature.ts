// A small test feature with buttons, a form, a file and oversized content, to drive Slack's
// interactive paths through the real core (the production features add theirs over time).
import type { Feature } from '../../src/core/feature.ts';
import type { Message } from '../../src/core/message.ts';
import { bold, mention, plain } from '../../src/core/rich-text.ts';

export const DEMO_CHANNEL = 'C0DEMO0001';

export function createDemoFeature(): Feature {
  return {
    name: 'demo',
    commands: [
      {
        name: 'taak',
        summary: 'home.title',
        usage: 'home.title',
        async run(ctx) {
          await ctx.adapter.postToChannel(DEMO_CHANNEL, taskMessage());
          await ctx.reply({ summary: 'ok', blocks: [{ type: 'section', text: plain('geplaatst') }] });
        },
      },
      {
        name: 'succes',
        summary: 'home.title',
        usage: 'home.title',
        async run(ctx) {
          if (!ctx.responder.openForm) throw new Error('no forms here');
          await ctx.responder.openForm({
            formId: 'demo.win',
            title: 'Een succesje delen met het hele leernetwerk',
            submitLabel: 'Delen',
            context: 'ctx-1',
            fields: [
              { id: 'what', label: 'Wat ging goed?', kind: 'multiline', required: true, maxLength: 500, placeholder: 'x'.repeat(400) },
              { id: 'mood', label: 'Hoe voelt het?', kind: 'select', required: false, options: [{ label: 'Trots', value: 'proud' }, { label: 'Blij', value: 'glad' }] },
            ],
          });
        },
      },
      {
        name: 'bestand',
        summary: 'home.title',
        usage: 'home.title',
        async run(ctx) {
          await ctx.reply({
            summary: 'agenda',
            blocks: [{ type: 'section', text: plain('Je uitnodiging') }],
            attachments: [{ filename: 'sessie.ics', mimeType: 'text/calendar', content: 'BEGIN:VCALENDAR\nSUMMARY:<!channel> & co\nEND:VCALENDAR' }],
          });
        },
      },
      {
        name: 'groot',
        summary: 'home.title',
        usage: 'home.title',
        async run(ctx) {
          await ctx.reply(oversizedMessage());
        },
      },
    ],
    actions: [
      {
        prefix: 'demo.done',
        async run(ctx) {
          await ctx.responder.updateSource?.({
            summary: 'gedaan',
            blocks: [{ type: 'section', text: [{ type: 'text', text: '✅ Gedaan door ' }, mention(ctx.actor.userId, ctx.actor.displayName)] }],
          });
        },
      },
      {
        prefix: 'demo.vote',
        async run(ctx) {
          await ctx.reply({ summary: 'stem', blocks: [{ type: 'section', text: plain(`stem ${ctx.event.value}`) }] });
        },
      },
    ],
    forms: [
      {
        formId: 'demo.win',
        async run(ctx) {
          await ctx.adapter.postToChannel(DEMO_CHANNEL, {
            summary: 'succes',
            blocks: [{ type: 'section', text: [bold('Succes: '), { type: 'text', text: `${ctx.event.values['what']} (${ctx.event.values['mood'] ?? '-'}, ${ctx.event.context})` }] }],
          });
        },
      },
    ],
    async homeBlocks(person) {
      return [{ type: 'section', text: [{ type: 'text', text: 'Jouw taken: ' }, mention(person.userId, 'jij')] }, { type: 'actions', buttons: [{ actionId: 'demo.vote', value: 'home', label: 'Stem' }] }];
    },
  };
}

export function taskMessage(): Message {
  return {
    summary: 'Taak: agenda rondsturen',
    blocks: [
      { type: 'section', text: plain('Taak: agenda rondsturen') },
      { type: 'actions', buttons: [{ actionId: 'demo.done', value: 'task-1', label: 'Gedaan', style: 'primary' }] },
      { type: 'actions', buttons: [1, 2, 3, 4, 5].map((n) => ({ actionId: 'demo.vote', value: String(n), label: String(n) })) },
    ],
  };
}

/** Far beyond every Slack limit at once. */
export function oversizedMessage(): Message {
  return {
    summary: 'S'.repeat(5_000),
    blocks: [
      { type: 'heading', text: 'H'.repeat(400) },
      ...Array.from({ length: 80 }, (_, i) => ({ type: 'section' as const, text: plain(`${i} ${'lorem ipsum & <b> '.repeat(300)}`) })),
      { type: 'list', items: Array.from({ length: 500 }, (_, i) => plain(`punt ${i} ${'x'.repeat(40)}`)) },
      { type: 'actions', buttons: Array.from({ length: 60 }, (_, i) => ({ actionId: 'demo.vote', value: String(i), label: 'L'.repeat(120) })) },
      { type: 'choices', choice: { actionId: 'demo.vote', placeholder: 'P'.repeat(300), options: Array.from({ length: 150 }, (_, i) => ({ label: 'O'.repeat(100), value: String(i) })) } },
    ],
  };
}
