// The "🎉 Mooi!" button: counted once per person, and the celebration shows the new count.
import type { ActionEvent } from '../../core/events.ts';
import type { InvocationContext } from '../../core/feature.ts';
import { toPlainString } from '../../core/rich-text.ts';
import { UserError } from '../../core/user-error.ts';
import { celebrationMessage } from './celebration-message.ts';
import { shownNames } from './shown-names.ts';
import type { WinsContext } from './wins-deps.ts';

export async function runCheerAction(ctx: InvocationContext<ActionEvent>, deps: WinsContext): Promise<void> {
  const win = await deps.book.get(ctx.event.value);
  const network = win ? await deps.directory.get(win.networkId) : undefined;
  if (!win || !network || win.platform !== ctx.platform) throw new UserError('wins.cheer.unknown');
  if (!(await deps.book.cheer(win, ctx.actor.userId))) {
    const text = ctx.t.rich('wins.cheer.already');
    await ctx.reply({ summary: toPlainString(text), blocks: [{ type: 'section', text }] });
    return;
  }
  const cheers = (await deps.book.cheerers(win.id)).length;
  const names = await shownNames(deps.book, deps.people, win.platform, [...(win.authorId ? [win.authorId] : []), ...win.credited]);
  const message = celebrationMessage({ win, networkName: network.name, names, cheers }, ctx.translator(win.lang));
  if (ctx.responder.updateSource) {
    await ctx.responder.updateSource(message);
  } else if (ctx.event.source ?? win.celebration) {
    await ctx.adapter.update((ctx.event.source ?? win.celebration)!, message);
  } else {
    const text = ctx.t.rich('wins.cheer.counted', { count: cheers });
    await ctx.reply({ summary: toPlainString(text), blocks: [{ type: 'section', text }] });
  }
}
