/**
 * Channels that render Adaptive Cards. Facebook Messenger and plain SMS-like channels do not:
 * there the bot sends text with suggested actions (quick replies) instead.
 */
const adaptiveCardChannels = new Set(['msteams', 'webchat', 'directline', 'emulator', 'test']);

export function supportsAdaptiveCards(channelId: string | undefined): boolean {
  return channelId !== undefined && adaptiveCardChannels.has(channelId);
}

/** Messenger quick replies carry at most 13 buttons with titles of at most 20 characters. */
export const quickReplyLimits = { count: 13, titleLength: 20 } as const;
