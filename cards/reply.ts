import { ActionTypes, type Activity, type CardAction } from 'botbuilder';

import {
  adaptiveCard,
  cardAttachment,
  factSet,
  heading,
  openUrlAction,
  submitAction,
  textBlock,
  type CardElement,
} from './adaptive-card';
import { supportsAdaptiveCards } from './channel-support';

/**
 * What the bot says, independent of the channel: rendered as an Adaptive Card where the channel
 * shows cards, and as plain text with suggested actions (quick replies) elsewhere.
 */
export interface Reply {
  title?: string;
  paragraphs: string[];
  facts?: { title: string; value: string }[];
  /** Where the information comes from: a law and article, or an official page. */
  sources?: ReplySource[];
  /** A subtle line under the sources, e.g. that the text was written with AI help. */
  note?: string;
  /**
   * Options with long labels ("¿Se refiere a…?"): buttons in a card; in text channels a numbered
   * list with quick replies "1", "2"… (Messenger cuts button titles at 20 characters).
   */
  choices?: string[];
  /** Buttons that do exactly what typing their text does. Keep them short (Messenger: 20). */
  suggestions?: string[];
  links?: { title: string; url: string }[];
}

export interface ReplySource {
  label: string;
  url?: string;
}

function sourcesLine(sources: ReplySource[], link: (source: ReplySource) => string): string {
  return `${sources.length > 1 ? 'Fuentes' : 'Fuente'}: ${sources.map(link).join('; ')}`;
}

export function renderReply(reply: Reply, channelId: string | undefined): Partial<Activity> {
  return supportsAdaptiveCards(channelId) ? renderAsCard(reply) : renderAsText(reply);
}

function renderAsCard(reply: Reply): Partial<Activity> {
  const body: CardElement[] = [];
  if (reply.title) body.push(heading(reply.title));
  for (const paragraph of reply.paragraphs) body.push(textBlock(paragraph));
  if (reply.facts && reply.facts.length > 0) body.push(factSet(reply.facts));
  if (reply.sources && reply.sources.length > 0) {
    const line = sourcesLine(reply.sources, (source) =>
      source.url ? `[${source.label}](${source.url})` : source.label,
    );
    body.push(textBlock(line, { isSubtle: true, size: 'Small', separator: true }));
  }
  if (reply.note) body.push(textBlock(reply.note, { isSubtle: true, size: 'Small' }));
  const actions = [
    ...(reply.choices ?? []).map((choice) => submitAction(choice)),
    ...(reply.suggestions ?? []).map((suggestion) => submitAction(suggestion)),
    ...(reply.links ?? []).map((link) => openUrlAction(link.title, link.url)),
  ];
  return {
    type: 'message',
    attachments: [cardAttachment(adaptiveCard(body, actions))],
  };
}

function renderAsText(reply: Reply): Partial<Activity> {
  const blocks: string[] = [];
  if (reply.title) blocks.push(reply.title);
  blocks.push(...reply.paragraphs);
  const choices = reply.choices ?? [];
  if (choices.length > 0)
    blocks.push(choices.map((choice, index) => `${index + 1}. ${choice}`).join('\n'));
  if (reply.facts && reply.facts.length > 0) {
    blocks.push(reply.facts.map((fact) => `${fact.title}: ${fact.value}`).join('\n'));
  }
  for (const link of reply.links ?? []) blocks.push(`${link.title}: ${link.url}`);
  if (reply.sources && reply.sources.length > 0) {
    blocks.push(
      sourcesLine(reply.sources, (source) =>
        source.url ? `${source.label} (${source.url})` : source.label,
      ),
    );
  }
  if (reply.note) blocks.push(reply.note);
  const suggestions = [
    ...choices.map((_, index) => String(index + 1)),
    ...(reply.suggestions ?? []),
  ];
  return {
    type: 'message',
    text: blocks.join('\n\n'),
    ...(suggestions.length > 0
      ? {
          suggestedActions: {
            to: [],
            actions: suggestions.map((suggestion): CardAction => ({
              type: ActionTypes.ImBack,
              title: suggestion,
              value: suggestion,
            })),
          },
        }
      : {}),
  };
}
