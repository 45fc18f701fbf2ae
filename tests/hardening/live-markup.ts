// What a message would do on each platform: markup in it that would ping, link or run, other than the mentions the core meant.
import { renderMessage as renderSlack } from '../../adapters/slack/block-kit-renderer.ts';
import { renderMessage as renderDiscord } from '../../adapters/discord/discord-renderer.ts';
import { renderMessage as renderTeams } from '../../adapters/teams/card-renderer.ts';
import type { Message } from '../../src/core/message.ts';
import { intendedMentions } from '../../src/core/message.ts';

/** The `text` of every element of a type, anywhere in a payload: Slack's mrkdwn objects, Teams' TextBlocks. */
function textsOfType(value: unknown, type: string, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) textsOfType(item, type, out);
  else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (record['type'] === type && typeof record['text'] === 'string') out.push(record['text']);
    for (const child of Object.values(record)) textsOfType(child, type, out);
  }
  return out;
}

const withoutMentions = (text: string, tokens: readonly string[]) => tokens.reduce((rest, token) => rest.split(token).join(''), text);

/** Descriptions of live markup the message would carry on Slack, Discord or Teams; empty when it is inert everywhere. */
export function liveMarkup(message: Message): string[] {
  const meant = intendedMentions(message);
  const found: string[] = [];
  for (const payload of renderSlack(message, { maxMessages: 3 })) {
    for (const text of [payload.text, ...textsOfType(payload.blocks, 'mrkdwn')]) {
      const rest = withoutMentions(text, meant.map((id) => `<@${id}>`));
      // Slack parses markup only in mrkdwn (never in plain_text); every "<" it reads opens a mention, a channel link or a link; user text must show them as &lt;.
      if (/<[!@#]|<https?:|<mailto:/i.test(rest)) found.push(`Slack: ${rest.slice(0, 120)}`);
    }
  }
  for (const payload of renderDiscord(message).payloads) {
    const content = withoutMentions(payload.content ?? '', meant.map((id) => `<@${id}>`));
    if (/@(everyone|here)/.test(content)) found.push(`Discord ping: ${content.slice(0, 120)}`);
    if (/(^|[^\\])<[@#!:]/.test(content)) found.push(`Discord mention: ${content.slice(0, 120)}`);
    if (/(^|[^\\])\[[^\]]*[^\\]\]\(https?:\/\/evil/.test(content)) found.push(`Discord link: ${content.slice(0, 120)}`);
    if (payload.allowed_mentions.parse.length > 0) found.push('Discord: allowed_mentions parses');
  }
  for (const card of renderTeams(message).cards) {
    const tokens = (card.msteams.entities ?? []).map((entity) => entity.text);
    for (const text of textsOfType(card.body, 'TextBlock')) {
      const rest = withoutMentions(text, tokens);
      if (/<[a-z/!]/i.test(rest)) found.push(`Teams tag: ${rest.slice(0, 120)}`);
      if (/(^|[^\\])\[[^\]]*[^\\]\]\(https?:\/\/evil/.test(rest)) found.push(`Teams link: ${rest.slice(0, 120)}`);
    }
  }
  return found;
}
