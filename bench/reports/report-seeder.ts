import { Types } from 'mongoose';

import { seededRandom } from '../../kernel/seeded-random';
import { dueDate, type PetitionKind } from '../../legal-terms/legal-terms';
import type { DeliveryChannel, DeliveryDocument, DeliveryStatus } from '../../models/deliveries';
import { noModeration, type QuestionDocument, type QuestionStatus } from '../../models/question';
import type { Models } from '../../models/registry';
import { spaceTypes } from '../../models/space-kinds';
import type { SpaceDocument } from '../../models/space-document';

/**
 * Two years of accountability spaces with their questions, as the reports meet them: spaces of
 * every type across departments, three in four questions asked in a space (the rest in chats),
 * about one in ten grouped under an earlier one, published answers with a delivery each and a
 * satisfaction survey for most. Written in bulk (insertMany of 1,000), deterministic for a seed.
 * Question documents carry a text, a contact and, once answered, a draft, so that each is as
 * large as the real ones (the embedded store reads every document whole).
 */

const places: [department: string, municipality: string][] = [
  ['Huila', 'Pitalito'],
  ['Antioquia', 'Segovia'],
  ['Antioquia', 'Remedios'],
  ['Caldas', 'Marmato'],
  ['Boyacá', 'Sogamoso'],
  ['Cesar', 'Aguachica'],
  ['Bolívar', 'Santa Rosa del Sur'],
  ['La Guajira', 'Dibulla'],
  ['Córdoba', 'Montería'],
  ['Atlántico', 'Sabanalarga'],
];
const areas = ['Fiscalización', 'Regalías', 'Títulos Mineros', 'Seguridad Minera', null];
const kinds: PetitionKind[] = ['peticion-general', 'peticion-general', 'documentos', 'consulta'];
const draftText =
  'La Agencia Nacional de Minería responde: las regalías se liquidan cada trimestre y se giran al municipio productor según el Sistema General de Regalías. Puede consultar los giros de su municipio en el mapa de regalías. Si necesita más detalle, escríbanos con su código de seguimiento.';

const dayMs = 24 * 60 * 60_000;

export interface ReportSeedPlan {
  /** The instant the reports are read at: spaces took place in the two years before it. */
  now: Date;
  spaces: number;
  seed: number;
}

function statusOf(draw: number): QuestionStatus {
  if (draw < 0.25) return 'pending';
  if (draw < 0.3) return 'in_review';
  if (draw < 0.7) return 'published';
  if (draw < 0.9) return 'answered_live';
  if (draw < 0.94) return 'withdrawn';
  return draw < 0.97 ? 'forwarded' : 'rejected';
}

function spaceAt(plan: ReportSeedPlan, index: number): SpaceDocument {
  const random = seededRandom(plan.seed * 7_919 + index);
  const [department, municipality] = places[index % places.length] as [string, string];
  const openedAt = new Date(plan.now.getTime() - Math.floor(random() * 720 * dayMs));
  const facebook = index % 2 === 0;
  return {
    _id: new Types.ObjectId(),
    type: spaceTypes[index % spaceTypes.length] ?? 'audiencia-publica',
    title: `Espacio de rendición de cuentas ${index + 1} en ${municipality}`,
    responsibleArea: 'Participación ciudadana',
    municipality,
    department,
    scheduledAt: openedAt,
    petitionKind: 'peticion-general',
    participants: 20 + (index % 7) * 15,
    state: 'closed',
    openedAt,
    closedAt: new Date(openedAt.getTime() + 3 * 60 * 60_000),
    origin: 'staff',
    needsCompletion: false,
    bindings: {
      teamsMeetingId: facebook ? null : `bench-meeting-${index}`,
      facebookLiveVideoId: facebook ? `bench-live-${index}` : null,
      facebookPostId: null,
    },
    createdAt: openedAt,
    updatedAt: openedAt,
  };
}

interface Batch {
  questions: QuestionDocument[];
  deliveries: DeliveryDocument[];
  surveys: Record<string, unknown>[];
}

function batchOf(
  plan: ReportSeedPlan,
  spaces: readonly SpaceDocument[],
  from: number,
  count: number,
): Batch {
  const random = seededRandom(plan.seed * 1_000_003 + from);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const batch: Batch = { questions: [], deliveries: [], surveys: [] };
  const canonicalOf = new Map<string, QuestionDocument>();
  for (let index = from; index < from + count; index++) {
    const space = random() < 0.75 ? pick(spaces) : undefined;
    const channelId = space
      ? space.bindings.teamsMeetingId
        ? 'msteams'
        : 'facebook'
      : pick(['webchat', 'msteams', 'facebook']);
    const receivedAt = space?.openedAt ?? new Date(plan.now.getTime() - random() * 720 * dayMs);
    const petitionKind = pick(kinds);
    const due = dueDate(receivedAt, petitionKind);
    const status = statusOf(random());
    const leader = space && random() < 0.1 ? canonicalOf.get(space._id.toHexString()) : undefined;
    const publishedAt =
      status === 'published'
        ? new Date(receivedAt.getTime() + Math.floor(random() * 30 * dayMs))
        : null;
    const _id = new Types.ObjectId();
    const question: QuestionDocument = {
      _id,
      trackingCode: `ANM-Q${index.toString(36).toUpperCase().padStart(7, '0')}`,
      submissionKey: `bench-reports:${plan.seed}:${index}`,
      text: `¿Cuándo pagan las regalías del carbón en ${space?.municipality ?? 'mi municipio'}? Pregunta ${index}.`,
      channelId,
      spaceId: space?._id ?? null,
      origin: space ? (channelId === 'msteams' ? 'meeting-chat' : 'live-comment') : 'chat',
      groupId: leader?._id ?? null,
      status,
      petitionKind,
      receivedAt,
      dueAt: due,
      consentId: null,
      contact: random() < 0.3 ? { name: 'Persona de prueba', email: 'persona@bench.test' } : null,
      citizenKey: null,
      conversationKey: null,
      ...noModeration,
      area: pick(areas),
      draft: publishedAt
        ? {
            text: draftText,
            readability: 68,
            draftedBy: { subject: 'bench-ana', name: 'Ana' },
            draftedAt: publishedAt,
            suggested: false,
          }
        : null,
      approval: publishedAt
        ? { approvedBy: { subject: 'bench-bruno', name: 'Bruno' }, approvedAt: publishedAt }
        : null,
      publishedAt,
      version: publishedAt ? 3 : 1,
      createdAt: receivedAt,
      updatedAt: publishedAt ?? receivedAt,
    };
    batch.questions.push(question);
    if (space && !leader) canonicalOf.set(space._id.toHexString(), question);
    if (!publishedAt) continue;
    const channel: DeliveryChannel = space
      ? channelId === 'msteams'
        ? 'meeting-chat'
        : 'live-comment'
      : 'chat';
    const draw = random();
    const deliveryStatus: DeliveryStatus =
      draw < 0.85 ? 'sent' : draw < 0.95 ? 'failed' : 'unreachable';
    batch.deliveries.push({
      _id: `${_id.toHexString()}#${channel}`,
      kind: 'answer',
      questionId: _id,
      sourceQuestionId: leader?._id ?? _id,
      trackingCode: `ANM-Q${index.toString(36).toUpperCase().padStart(7, '0')}`,
      channel,
      status: deliveryStatus,
      attempts: 1,
      createdAt: publishedAt,
      sentAt: deliveryStatus === 'sent' ? publishedAt : null,
      nextAttemptAt: null,
      reason: deliveryStatus === 'sent' ? null : 'Sin medio de contacto',
      lastAttemptAt: publishedAt,
    });
    if (deliveryStatus !== 'sent') continue;
    const rated = random() < 0.6;
    batch.surveys.push({
      _id,
      questionId: _id,
      spaceId: space?._id ?? null,
      channelId,
      askedAt: publishedAt,
      rating: rated ? 1 + Math.floor(random() * 5) : null,
      comment: null,
      respondedAt: rated ? publishedAt : null,
    });
  }
  return batch;
}

/** The spaces of the plan, stored once. */
export async function seedReportSpaces(
  models: Models,
  plan: ReportSeedPlan,
): Promise<SpaceDocument[]> {
  const spaces = Array.from({ length: plan.spaces }, (_, index) => spaceAt(plan, index));
  await models.spaces.collection.insertMany(spaces);
  return spaces;
}

/** Tops the store up from `from` to `to` questions, with their deliveries and surveys, in bulk. */
export async function seedReportQuestions(
  models: Models,
  plan: ReportSeedPlan,
  spaces: readonly SpaceDocument[],
  from: number,
  to: number,
  batchSize = 1_000,
): Promise<void> {
  for (let start = from; start < to; start += batchSize) {
    const batch = batchOf(plan, spaces, start, Math.min(batchSize, to - start));
    await models.questions.collection.insertMany(batch.questions, { ordered: false });
    if (batch.deliveries.length > 0)
      await models.deliveries.collection.insertMany(batch.deliveries as never[], {
        ordered: false,
      });
    if (batch.surveys.length > 0)
      await models.questions.db
        .collection('satisfaction_surveys')
        .insertMany(batch.surveys, { ordered: false });
  }
}
