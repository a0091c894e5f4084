import { Types } from 'mongoose';

import { recordConsent } from '../../models/consent';
import { changeQuestion, registerQuestion } from '../../models/question';
import type { Models } from '../../models/registry';

const dayMs = 24 * 60 * 60_000;

/**
 * A question answered now, asked with consent by a citizen who left a name and an e-mail: what
 * the retention period later anonymises.
 */
export async function answeredQuestionWithContact(models: Models): Promise<Types.ObjectId> {
  const citizenKey = `citizen-${new Types.ObjectId().toHexString()}`;
  const submissionKey = `webchat:${new Types.ObjectId().toHexString()}`;
  const consent = await recordConsent(models.consents, {
    submissionKey,
    decision: 'granted',
    decidedAt: new Date(),
    channelId: 'webchat',
    textVersion: 'v1-000000000000',
    citizenKey,
  });
  const { question } = await registerQuestion(models, {
    submissionKey,
    text: '¿Cuándo pagan el canon superficiario de la mina de Guachetá?',
    channelId: 'webchat',
    spaceId: null,
    petitionKind: 'peticion-general',
    receivedAt: new Date(),
    dueAt: new Date(Date.now() + 21 * dayMs),
    consentId: consent._id,
    contact: { name: 'Leonor Castañeda Ruiz', email: 'leonor.castaneda@example.com' },
    citizenKey,
    conversationKey: { channelId: 'webchat', conversationId: `conv-${citizenKey}` },
  });
  await changeQuestion(models, question._id, 'answered', 'moderator', () => ({
    status: 'answered',
  }));
  return question._id;
}

/** The question's stored contact: null once anonymised. */
export async function contactOf(models: Models, questionId: Types.ObjectId) {
  return (await models.questions.findById(questionId).lean())?.contact;
}
