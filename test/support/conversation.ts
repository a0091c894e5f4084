import type { Activity } from 'botbuilder';

import { messageActivity, newParty, postActivity, type ConversationParty } from './activities';
import type { ChannelSimulator } from './channel-simulator';

/** Everything a citizen reads in an activity: its text and the text of its card, if any. */
export function visibleText(activity: Partial<Activity>): string {
  const parts: string[] = [];
  if (activity.text) parts.push(activity.text);
  const collect = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(collect);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      for (const key of ['text', 'title', 'value']) {
        if (typeof record[key] === 'string') parts.push(record[key]);
      }
      for (const key of ['body', 'items', 'facts', 'actions', 'columns']) collect(record[key]);
    }
  };
  for (const attachment of activity.attachments ?? []) collect(attachment.content);
  return parts.join('\n');
}

/** Button labels of an activity: card actions or suggested actions (quick replies). */
export function buttons(activity: Partial<Activity>): string[] {
  const fromCard = (activity.attachments ?? []).flatMap((attachment) => {
    const actions =
      (attachment.content as { actions?: { title: string }[] } | undefined)?.actions ?? [];
    return actions.map((action) => action.title);
  });
  return [...fromCard, ...(activity.suggestedActions?.actions.map((action) => action.title) ?? [])];
}

/**
 * One citizen talking to the bot over real HTTP. A POST to /api/messages returns once the turn is
 * over, and the bot sends its replies during the turn, so each `say` returns exactly its replies.
 */
export class Conversation {
  readonly party: ConversationParty;

  constructor(
    private readonly botUrl: string,
    private readonly channel: ChannelSimulator,
    channelId = 'webchat',
    party?: Partial<ConversationParty>,
  ) {
    this.party = { ...newParty(channel.serviceUrl, channelId), ...party };
  }

  async say(text: string, extra: Partial<Activity> = {}): Promise<Partial<Activity>[]> {
    return this.send(messageActivity(this.party, text, extra));
  }

  async send(activity: Partial<Activity>): Promise<Partial<Activity>[]> {
    const before = this.channel.inConversation(this.party.conversationId).length;
    const { status, body } = await postActivity(this.botUrl, activity);
    if (status !== 200) throw new Error(`the bot answered ${status}: ${body}`);
    return this.channel.inConversation(this.party.conversationId).slice(before);
  }

  /** All the text of the replies to one message, joined. */
  async ask(text: string, extra: Partial<Activity> = {}): Promise<string> {
    return (await this.say(text, extra)).map(visibleText).join('\n');
  }
}
