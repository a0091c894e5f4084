import { Types } from 'mongoose';

import { seededRandom } from '../../kernel/seeded-random';
import { dueDate, type PetitionKind } from '../../legal-terms/legal-terms';
import { noModeration, type QuestionDocument, type QuestionStatus } from '../../models/question';
import type { QuestionEventDocument } from '../../models/question-events';
import type { Models } from '../../models/registry';

/**
 * Stored questions as the queue meets them after months of use, written in bulk (insertMany of
 * 1,000) rather than by running turns: each question with its registration event, as
 * `registerQuestion` leaves them. Deterministic for a seed.
 */

const subjects = [
  '¿Cuánto recibe de regalías mi municipio por el carbón?',
  '¿Cómo me inscribo como barequero en la alcaldía?',
  '¿Qué pasa con la mina ilegal que hay en la vereda?',
  '¿Cuándo es la audiencia pública en Pitalito?',
  '¿Cómo pido un título minero para explotar arena?',
  'Quiero saber si la mina de mi vecino tiene licencia ambiental',
  '¿Qué es el canon superficiario y cuándo se paga?',
  '¿Dónde denuncio el mercurio en el río?',
];
const places = ['Segovia', 'Remedios', 'Marmato', 'Pitalito', 'Sogamoso', 'Buriticá', 'Zaragoza'];
const areas = ['Fiscalización', 'Regalías', 'Títulos Mineros', 'Seguridad Minera', null, null];
const kinds: PetitionKind[] = ['peticion-general', 'peticion-general', 'documentos', 'consulta'];

/** Most questions wait; some were answered, a few closed otherwise. */
function statusOf(draw: number): QuestionStatus {
  if (draw < 0.6) return 'pending';
  if (draw < 0.7) return 'in_review';
  if (draw < 0.88) return 'published';
  if (draw < 0.94) return 'answered_live';
  if (draw < 0.97) return 'withdrawn';
  return draw < 0.985 ? 'forwarded' : 'rejected';
}

const dayMs = 24 * 60 * 60_000;

export interface SeedPlan {
  /** The instant the queue is read at: questions were received in the 120 days before it. */
  now: Date;
  spaces: Types.ObjectId[];
  seed: number;
}

export function seedPlan(now: Date, seed = 7): SeedPlan {
  const spaces = Array.from(
    { length: 20 },
    (_, index) => new Types.ObjectId(`5eed${index.toString(16).padStart(20, '0')}`),
  );
  return { now, spaces, seed };
}

interface Generated {
  questions: QuestionDocument[];
  events: QuestionEventDocument[];
}

function generate(plan: SeedPlan, from: number, count: number): Generated {
  const random = seededRandom(plan.seed * 1_000_003 + from);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const questions: QuestionDocument[] = [];
  const events: QuestionEventDocument[] = [];
  for (let index = from; index < from + count; index++) {
    const receivedAt = new Date(plan.now.getTime() - Math.floor(random() * 120 * dayMs));
    const inSpace = random() < 0.4;
    const origin = inSpace ? (random() < 0.5 ? 'meeting-chat' : 'live-comment') : 'chat';
    const channelId =
      origin === 'meeting-chat'
        ? 'msteams'
        : origin === 'live-comment'
          ? 'facebook'
          : pick(['webchat', 'msteams', 'facebook']);
    const petitionKind = pick(kinds);
    // About one question in ten repeats an earlier one of the same space: grouped under it.
    const previous =
      questions.length > 0 ? questions[Math.floor(random() * questions.length)] : undefined;
    const leader =
      inSpace && previous?.spaceId && previous.groupId === null && random() < 0.25
        ? previous
        : undefined;
    const spaceId = leader ? leader.spaceId : inSpace ? pick(plan.spaces) : null;
    const _id = new Types.ObjectId();
    const status = statusOf(random());
    questions.push({
      _id,
      trackingCode: `ANM-B${index.toString(36).toUpperCase().padStart(7, '0')}`,
      submissionKey: `bench:${plan.seed}:${index}`,
      text: `${pick(subjects)} Pregunto desde ${pick(places)} (${index}).`,
      channelId,
      spaceId,
      origin,
      groupId: leader ? leader._id : null,
      status,
      petitionKind,
      receivedAt,
      dueAt: dueDate(receivedAt, petitionKind),
      consentId: null,
      contact: null,
      citizenKey: null,
      conversationKey: null,
      ...noModeration,
      area: pick(areas),
      version: 1,
      createdAt: receivedAt,
      updatedAt: receivedAt,
    });
    events.push({
      _id: `${_id.toHexString()}#1`,
      questionId: _id,
      version: 1,
      type: 'registered',
      at: receivedAt,
      actor: 'citizen',
      by: null,
      changes: { status: 'pending' },
      before: {},
    });
  }
  return { questions, events };
}

/** Tops the store up from `from` to `to` questions, in bulk. */
export async function seedQuestions(
  models: Models,
  plan: SeedPlan,
  from: number,
  to: number,
  batchSize = 1_000,
): Promise<void> {
  for (let start = from; start < to; start += batchSize) {
    const { questions, events } = generate(plan, start, Math.min(batchSize, to - start));
    await models.questions.collection.insertMany(questions, { ordered: false });
    await models.questionEvents.collection.insertMany(events as never[], { ordered: false });
  }
}
