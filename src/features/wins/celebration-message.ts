// The celebration posted in the network channel for a win, and its "🎉 Mooi!" button.
import type { Translator } from '../../core/i18n.ts';
import type { Block, Message } from '../../core/message.ts';
import type { RichText } from '../../core/rich-text.ts';
import { joinAsList, joinRich, mention, toPlainString } from '../../core/rich-text.ts';
import { variantKey } from './celebration-variants.ts';
import type { WinRecord } from './win-types.ts';
import type { ShownNames } from './win-text.ts';
import { winRichText } from './win-text.ts';

/** Button action ids of the feature; all start with the feature's prefix "wins.". */
export const WINS_ACTION_PREFIX = 'wins.';
export const CHEER_ACTION = 'wins.cheer';
/** Shared contract: value is a network id; the presser privately gets the wins since the last session. */
export const SINCE_ACTION = 'wins.since';

export interface CelebrationInput {
  win: WinRecord;
  networkName: string;
  /** Names that may be shown (people who did not opt out). */
  names: ShownNames;
  cheers: number;
}

/**
 * The author is shown by name without a ping (they just wrote it); the people they credited are
 * pinged through mention(), the only way the core ever pings. The win's own text is literal.
 */
export function celebrationMessage(input: CelebrationInput, t: Translator): Message {
  const { win, names } = input;
  const headline = t.rich(variantKey(win.variant), { network: input.networkName });
  const author = win.authorId !== undefined ? names.get(win.authorId) : undefined;
  const credited = win.credited.filter((id) => names.has(id)).map((id): RichText => [mention(id, names.get(id)!)]);
  const context: RichText[] = [author !== undefined ? t.rich('wins.celebration.sharedBy', { author }) : t.rich('wins.celebration.sharedAnonymously')];
  if (credited.length > 0) context.push(t.rich('wins.celebration.thanks', { people: joinAsList(credited, t.text('list.and')) }));
  if (input.cheers > 0) context.push(t.rich(input.cheers === 1 ? 'wins.celebration.cheersOne' : 'wins.celebration.cheersMany', { count: input.cheers }));
  const blocks: Block[] = [
    { type: 'section', text: headline },
    { type: 'section', text: t.rich('wins.celebration.quote', { win: winRichText(win.parts, names, t) }) },
    { type: 'context', text: joinRich(context, ' · ') },
    {
      type: 'actions',
      buttons: [
        {
          actionId: CHEER_ACTION,
          value: win.id,
          label: input.cheers > 0 ? t.text('wins.cheer.buttonCount', { count: input.cheers }) : t.text('wins.cheer.button'),
          spoken: input.cheers > 0 ? t.text('wins.cheer.spokenCount', { count: input.cheers }) : t.text('wins.cheer.spoken'),
          style: 'primary',
        },
      ],
    },
  ];
  return { summary: toPlainString(headline), blocks };
}
