// A button label longer than a platform allows is cut between words, on every platform: the pulse
// result's advice button names a handbook entry ("Handboek: Samenwerken tussen beleid, praktijk,
// wetenschap, onderwijs en eindgebruikers", 87 characters) and Slack takes 75, Discord 80.
import { describe, expect, it } from 'vitest';
import { renderMessage as renderDiscord } from '../../adapters/discord/discord-renderer.ts';
import { renderMessage as renderSlack } from '../../adapters/slack/block-kit-renderer.ts';
import { renderMessage as renderTeams } from '../../adapters/teams/card-renderer.ts';
import type { Message } from '../../src/core/message.ts';

const LABEL = 'Handboek: Samenwerken tussen beleid, praktijk, wetenschap, onderwijs en eindgebruikers';
const WORDS = LABEL.split(' ');
const message: Message = { summary: 'Uitslag', blocks: [{ type: 'actions', buttons: [{ actionId: 'pulse.advice', value: 'samenwerken', label: `${LABEL} ${LABEL}` }] }] };

/** A cut label is whole words of the original followed by "…" (before: "…onderwijs en ei…"). */
function expectCutBetweenWords(label: string, max: number): void {
  expect(label.length).toBeLessThanOrEqual(max);
  expect(label.endsWith('…')).toBe(true);
  const kept = label.slice(0, -1).trimEnd().split(' ');
  expect(kept.every((word, i) => word === [...WORDS, ...WORDS][i])).toBe(true);
}

describe('a long button label', () => {
  it('is cut between words on Slack (75)', () => {
    const button = (renderSlack(message)[0]!.blocks[0] as any).elements[0];
    expectCutBetweenWords(button.text.text, 75);
  });

  it('is cut between words on Discord (80)', () => {
    expectCutBetweenWords((renderDiscord(message).payloads[0]!.components[0]!.components[0] as { label: string }).label, 80);
  });

  it('is cut between words on Teams (80)', () => {
    const set = renderTeams(message).cards[0]!.body.find((e) => e.type === 'ActionSet') as any;
    expectCutBetweenWords(set.actions[0].title, 80);
  });
});
