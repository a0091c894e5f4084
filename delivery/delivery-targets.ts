import type { ConversationReference } from 'botbuilder';

import type { ConversationReferenceStore } from '../models/conversation-reference';
import {
  lastKnownCitizenMessageAt,
  type DeliveryDocument,
  type DeliveryKind,
} from '../models/deliveries';
import type { QuestionEventModel } from '../models/question-events';
import type { QuestionDocument } from '../models/question';
import type { DeliveryMessage } from './delivery-messages';
import { messengerChannelId, withinMessengerWindow } from './delivery-schedule';

/** Where one delivery goes, or why it cannot go anywhere (for moderators: never personal data). */
export type DeliveryTarget =
  | { via: 'conversation'; reference: Partial<ConversationReference> }
  /** Deliveries with the same `groupKey` are sent together, as one message. */
  | { via: 'meeting-chat'; groupKey: string; reference: Partial<ConversationReference> }
  | { via: 'email'; to: string }
  | { via: 'none'; reason: string };

/** The reasons a delivery is unreachable, as moderators read them. */
export const unreachableReasons = {
  noConversation: 'sin conversación guardada para escribirle',
  noConsent: 'sin autorización de datos para escribirle',
  notSubscribed: 'el comentario no tiene suscripción en Messenger',
  messengerWindow:
    'fuera de la ventana de 24 horas de Messenger: la respuesta queda en la página pública',
  noEmail: 'sin correo electrónico autorizado',
  noMailServer: 'sin servidor de correo configurado',
  nothingToSend: 'la pregunta ya no tiene lo que se debía enviar',
  conversationGone: 'la conversación ya no está disponible',
} as const;

export interface TargetLookups {
  references: ConversationReferenceStore;
  questionEvents: QuestionEventModel;
  emailConfigured: boolean;
  now: Date;
}

function none(reason: string): DeliveryTarget {
  return { via: 'none', reason };
}

async function conversationTarget(
  asker: QuestionDocument,
  lookups: TargetLookups,
): Promise<DeliveryTarget> {
  const key = asker.conversationKey;
  if (!key) return none(unreachableReasons.noConversation);
  const reference = await lookups.references.find(key.channelId, key.conversationId);
  if (!reference) return none(unreachableReasons.noConversation);
  if (key.channelId === messengerChannelId) {
    const lastMessageAt = await lastKnownCitizenMessageAt(lookups.questionEvents, asker);
    if (!withinMessengerWindow(lastMessageAt, lookups.now))
      return none(unreachableReasons.messengerWindow);
  }
  return { via: 'conversation', reference };
}

/** Decides, from the asker's question as it is now, where a delivery can go. */
export async function resolveTarget(
  delivery: DeliveryDocument,
  asker: QuestionDocument,
  lookups: TargetLookups,
): Promise<DeliveryTarget> {
  switch (delivery.channel) {
    case 'chat':
      // The conversation is kept only with consent (registration); erasure removes both.
      if (asker.consentId === null) return none(unreachableReasons.noConsent);
      return conversationTarget(asker, lookups);
    case 'live-comment':
      // A live comment has a conversation only once its author subscribed ("recibir respuesta").
      if (asker.conversationKey === null || asker.consentId === null)
        return none(unreachableReasons.notSubscribed);
      return conversationTarget(asker, lookups);
    case 'meeting-chat': {
      // The meeting chat is where the question was asked in front of everyone: answering there
      // needs no contact data, only the chat's stored reference.
      const key = asker.conversationKey;
      if (!key) return none(unreachableReasons.noConversation);
      const reference = await lookups.references.find(key.channelId, key.conversationId);
      if (!reference) return none(unreachableReasons.noConversation);
      return {
        via: 'meeting-chat',
        groupKey: `${key.channelId}\n${key.conversationId}\n${delivery.kind}`,
        reference,
      };
    }
    case 'email': {
      const to = asker.contact?.email;
      if (!to) return none(unreachableReasons.noEmail);
      if (!lookups.emailConfigured) return none(unreachableReasons.noMailServer);
      return { via: 'email', to };
    }
  }
}

/** What the asker reads, from the question answered (or noticed); null when it has nothing. */
export function deliveryMessageFor(
  kind: DeliveryKind,
  asker: QuestionDocument,
  source: QuestionDocument,
  pageUrl: string,
): DeliveryMessage | null {
  const trackingCode = asker.trackingCode;
  switch (kind) {
    case 'answer':
      return source.draft
        ? { kind, trackingCode, question: asker.text, answer: source.draft.text, pageUrl }
        : null;
    case 'extension-notice':
      return source.extension
        ? { kind, trackingCode, reason: source.extension.reason, newDueAt: source.dueAt, pageUrl }
        : null;
    case 'forwarding-notice':
      return source.forwarding
        ? { kind, trackingCode, authority: source.forwarding.authority, pageUrl }
        : null;
  }
}
