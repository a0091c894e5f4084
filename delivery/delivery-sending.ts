import type { ConversationReference } from 'botbuilder';

import type { EmailSender } from './email-sender';
import { isGroupConversation } from '../kernel/conversation-kind';
import type { ProactiveSender } from '../kernel/proactive-sender';
import type { DeliveryDocument } from '../models/deliveries';
import { findQuestion, type QuestionDocument, type QuestionModel } from '../models/question';
import { deliverySubject, deliveryText, type DeliveryMessage } from './delivery-messages';
import { publicAnswerUrl } from './delivery-schedule';
import { deliveryMessageFor, unreachableReasons, type DeliveryTarget } from './delivery-targets';
import { meetingChatText } from './meeting-chat-message';

/** Deliveries sent together: one, or a meeting chat's of one kind. `attempt` once claimed. */
export interface DeliveryUnit {
  target: DeliveryTarget;
  items: { delivery: DeliveryDocument; asker: QuestionDocument | null; attempt: number }[];
}

export interface SendSettings {
  sender: ProactiveSender;
  email: EmailSender | undefined;
  publicBaseUrl: string | undefined;
  publicationUrl: string;
  questions: QuestionModel;
}

/** How an attempt ended. `failure` is a code for the log (never the remote reply). */
export type SendResult =
  | { status: 'sent' }
  | { status: 'unreachable'; reason: string }
  | { status: 'failed'; reason: string; failure: string };

function statusCodeOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

function failureCodeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[\w-]{1,40}$/.test(code)) return code;
  const status = statusCodeOf(error);
  return status === undefined ? 'send-error' : `http-${String(status)}`;
}

/** A conversation the channel no longer knows, or a bot removed or blocked: retrying won't help. */
function conversationRefused(error: unknown): boolean {
  const status = statusCodeOf(error);
  return status === 403 || status === 404;
}

async function messageOf(
  item: DeliveryUnit['items'][number],
  settings: SendSettings,
): Promise<DeliveryMessage | null> {
  const { delivery, asker } = item;
  if (!asker) return null;
  const source = delivery.sourceQuestionId.equals(asker._id)
    ? asker
    : await findQuestion(settings.questions, delivery.sourceQuestionId);
  if (!source) return null;
  const pageUrl = publicAnswerUrl(
    asker.trackingCode,
    settings.publicBaseUrl,
    settings.publicationUrl,
  );
  return deliveryMessageFor(delivery.kind, asker, source, pageUrl);
}

/** Sends a claimed unit where its target says; every expected failure becomes a result. */
export async function sendToTarget(
  unit: DeliveryUnit,
  settings: SendSettings,
): Promise<SendResult> {
  const { target } = unit;
  if (target.via === 'none') return { status: 'unreachable', reason: target.reason };
  const messages = (await Promise.all(unit.items.map((item) => messageOf(item, settings)))).filter(
    (message): message is DeliveryMessage => message !== null,
  );
  const first = messages[0];
  if (!first || messages.length < unit.items.length)
    return { status: 'unreachable', reason: unreachableReasons.nothingToSend };
  try {
    switch (target.via) {
      case 'conversation':
        await settings.sender.send(target.reference, {
          type: 'message',
          text: deliveryText(first),
        });
        break;
      case 'meeting-chat': {
        const items = messages.map(({ trackingCode, pageUrl }) => ({ trackingCode, pageUrl }));
        const text = meetingChatText(first.kind, items);
        await settings.sender.send(target.reference, { type: 'message', text });
        break;
      }
      case 'email':
        if (!settings.email)
          return { status: 'unreachable', reason: unreachableReasons.noMailServer };
        await settings.email.send({
          to: target.to,
          subject: deliverySubject(first),
          text: deliveryText(first),
        });
        break;
    }
  } catch (error) {
    if (target.via !== 'email' && conversationRefused(error))
      return { status: 'unreachable', reason: unreachableReasons.conversationGone };
    const failure = failureCodeOf(error);
    return {
      status: 'failed',
      failure,
      reason:
        target.via === 'email'
          ? 'el servidor de correo no aceptó el mensaje'
          : 'el canal no aceptó el mensaje',
    };
  }
  return { status: 'sent' };
}

/** An official answer just delivered to one asker in their own chat. */
export interface SurveyInvitation {
  reference: Partial<ConversationReference>;
  asker: QuestionDocument;
}

/**
 * Asks the asker, once, how satisfied they are with the answer (see satisfaction-invitation.ts).
 * Never throws: a survey that cannot be asked is logged and left; the answer stays delivered.
 */
export interface SatisfactionSurveyInviter {
  invite(invitation: SurveyInvitation): Promise<void>;
}

/**
 * Whether a unit just sent calls for the satisfaction question: an official answer (not a legal
 * notice) in one asker's own conversation (chat or Messenger), never an e-mail, a meeting chat's
 * summary, a group conversation or an anonymous asker.
 */
export function surveyInvitationOf(unit: DeliveryUnit): SurveyInvitation | undefined {
  const { target } = unit;
  const [item, ...others] = unit.items;
  if (target.via !== 'conversation' || !item || others.length > 0) return undefined;
  const { delivery, asker } = item;
  if (delivery.kind !== 'answer' || !asker || asker.citizenKey === null) return undefined;
  if (isGroupConversation({ conversation: target.reference.conversation })) return undefined;
  return { reference: target.reference, asker };
}
