import { randomUUID } from 'node:crypto';

import type { Activity } from 'botbuilder';

export interface ConversationParty {
  channelId?: string;
  conversationId: string;
  userId: string;
  serviceUrl: string;
}

const botAccount = { id: 'anm-bot', name: 'ANM Bot', role: 'bot' };

/** A message activity as a channel posts it to /api/messages. */
export function messageActivity(
  party: ConversationParty,
  text: string,
  extra: Partial<Activity> = {},
): Partial<Activity> {
  return {
    type: 'message',
    id: randomUUID(),
    timestamp: new Date(),
    channelId: party.channelId ?? 'webchat',
    serviceUrl: party.serviceUrl,
    from: { id: party.userId, name: 'Ciudadana de prueba', role: 'user' },
    recipient: botAccount,
    conversation: {
      id: party.conversationId,
      isGroup: false,
      conversationType: 'personal',
      name: '',
    },
    text,
    locale: 'es-CO',
    ...extra,
  };
}

/** The conversationUpdate a channel sends when the user and the bot join a conversation. */
export function membersAddedActivity(party: ConversationParty): Partial<Activity> {
  return {
    type: 'conversationUpdate',
    id: randomUUID(),
    timestamp: new Date(),
    channelId: party.channelId ?? 'webchat',
    serviceUrl: party.serviceUrl,
    from: { id: party.userId, name: '', role: 'user' },
    recipient: botAccount,
    conversation: {
      id: party.conversationId,
      isGroup: false,
      conversationType: 'personal',
      name: '',
    },
    membersAdded: [{ id: party.userId, name: '' }, botAccount],
  };
}

/** POSTs an activity to the bot as a channel would; returns the HTTP status and body. */
export async function postActivity(
  botUrl: string,
  activity: Partial<Activity>,
  headers: Record<string, string> = {},
  options: { signal?: AbortSignal } = {},
): Promise<{ status: number; body: string }> {
  const response = await fetch(`${botUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(activity),
    signal: options.signal,
  });
  return { status: response.status, body: await response.text() };
}

export function newParty(serviceUrl: string, channelId = 'webchat'): ConversationParty {
  return {
    channelId,
    serviceUrl,
    conversationId: `conv-${randomUUID()}`,
    userId: `user-${randomUUID()}`,
  };
}
