/**
 * When the deliverer tries again, and what Meta's Messenger platform allows it to send. Pure
 * rules, no I/O.
 */

/** Waits after the 1st, 2nd, 3rd and 4th failed attempt; the 5th failure is final. */
export const retryDelaysMs: readonly number[] = [
  60_000, // 1 minute
  5 * 60_000, // 5 minutes
  30 * 60_000, // 30 minutes
  2 * 60 * 60_000, // 2 hours
];

/** Attempts before a delivery is left failed, for moderators. */
export const maxAttempts = retryDelaysMs.length + 1;

/** When attempt `attempts + 1` may run, or null when `attempts` failures are enough to give up. */
export function nextAttemptAfterFailure(attempts: number, now: Date): Date | null {
  const delay = retryDelaysMs[attempts - 1];
  return delay === undefined ? null : new Date(now.getTime() + delay);
}

/**
 * Meta's Messenger platform policy (developers.facebook.com/documentation/business-messaging/
 * messenger-platform/policy/, "Standard messaging"): a Page may message a person during the
 * standard messaging window, 24 hours after that person's last message. Outside it only message
 * tags may be used, for their listed cases (confirmed event update, post-purchase update, account
 * update, and HUMAN_AGENT for a person, not a bot, within 7 days); an official answer sent by a
 * bot is none of them, so it is not sent there outside the window: the answer waits on the
 * public page, as the citizen was told when subscribing.
 */
export const messengerStandardWindowMs = 24 * 60 * 60_000;

/** The Bot Framework channel id of Facebook Messenger. */
export const messengerChannelId = 'facebook';

export function withinMessengerWindow(lastCitizenMessageAt: Date, now: Date): boolean {
  return now.getTime() - lastCitizenMessageAt.getTime() < messengerStandardWindowMs;
}

/** The public page of one question's answer; without a public address, the publication site. */
export function publicAnswerUrl(
  trackingCode: string,
  publicBaseUrl: string | undefined,
  publicationUrl: string,
): string {
  return publicBaseUrl
    ? `${publicBaseUrl.replace(/\/+$/, '')}/respuestas/${encodeURIComponent(trackingCode)}`
    : publicationUrl;
}
