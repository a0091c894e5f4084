import { TurnContext, type Activity } from 'botbuilder';

/** A Teams group chat, channel or meeting chat: many people, and the bot must not flood it. */
export function isGroupConversation(activity: Partial<Activity>): boolean {
  const conversation = activity.conversation;
  return (
    conversation?.isGroup === true ||
    conversation?.conversationType === 'groupChat' ||
    conversation?.conversationType === 'channel'
  );
}

/** Whether the message @mentions the bot (Teams delivers group messages without RSC only then). */
export function mentionsBot(activity: Partial<Activity>): boolean {
  const botId = activity.recipient?.id;
  return (activity.entities ?? []).some(
    (entity) =>
      entity.type === 'mention' &&
      (entity as { mentioned?: { id?: string } }).mentioned?.id === botId,
  );
}

/** The message text without the bot's @mention ("<at>ANM</at> ¿qué es…?" → "¿qué es…?"). */
export function withoutBotMention(activity: Partial<Activity>): string {
  if (!activity.text) return '';
  return TurnContext.removeRecipientMention(activity).trim();
}
