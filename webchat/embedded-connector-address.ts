/**
 * Where the bot reaches its embedded Direct Line's conversations now. A web chat conversation's
 * reference is stored with the serviceUrl of its first activity,
 * `http://<host>:<port>/v3/directline/bot/<key>`, and kept (an unauthenticated activity never
 * replaces a stored reference). That address names the port the bot listened on then: after a
 * restart on another port, or on another replica, an official answer sent to it would go nowhere,
 * or to whatever listens there now. So a proactive send asks this for the address of today.
 */
const connectorPathPrefix = '/v3/directline/bot/';

/** The channel id the embedded Direct Line gives its conversations, as Web Chat's service does. */
const webChatChannelId = 'webchat';

export class EmbeddedConnectorAddress {
  private current: (() => string) | undefined;

  /** Set by the embedded Direct Line's routes: this bot's connector address, read when asked. */
  attach(current: () => string): void {
    this.current = current;
  }

  /**
   * The serviceUrl to use now for a stored reference of an embedded web chat conversation;
   * undefined for any other (another channel, the Direct Line service) or without the embedded
   * Direct Line, which keep their stored serviceUrl.
   */
  serviceUrlFor(reference: { channelId?: string; serviceUrl?: string }): string | undefined {
    if (!this.current || reference.channelId !== webChatChannelId || !reference.serviceUrl) {
      return undefined;
    }
    const stored = URL.parse(reference.serviceUrl);
    if (stored?.protocol !== 'http:' || !stored.pathname.startsWith(connectorPathPrefix)) {
      return undefined;
    }
    return this.current();
  }
}

/** This bot's connector address for the embedded Direct Line, from the address it listens on. */
export function embeddedConnectorUrl(
  listening: { address: string; port: number },
  connectorKey: string,
): string {
  const wildcard = listening.address === '0.0.0.0' || listening.address === '::';
  const host = wildcard
    ? '127.0.0.1'
    : listening.address.includes(':')
      ? `[${listening.address}]`
      : listening.address;
  return `http://${host}:${listening.port}${connectorPathPrefix}${connectorKey}`;
}
