import { Types } from 'mongoose';

import { dueDate, type PetitionKind } from '../../legal-terms/legal-terms';
import type { DeliveryChannel, DeliveryDocument, DeliveryStatus } from '../../models/deliveries';
import {
  noModeration,
  type QuestionDocument,
  type QuestionOrigin,
  type QuestionStatus,
} from '../../models/question';
import {
  closeSpace,
  createSpace,
  openSpace,
  type NewSpace,
  type SpaceModels,
} from '../../models/space';
import type { Models } from '../../models/registry';
import { updateSpaceDetails } from '../../models/space-editing';

/**
 * A fixed data set for the reports' tests, stored as the product stores it: spaces through the
 * space model's own functions, questions, deliveries and satisfaction surveys as their documents.
 * Every expected figure of the tests is worked out by hand from what is written here.
 *
 * Staff recorded who took part after the spaces: 85 in A, 1,200 in B, 240 in C; D has no count.
 *
 * - Space A, a hearing in Pitalito (Huila), Friday 2026-03-20. Its questions were received that
 *   day at 10:00 (Bogotá): the 15-business-day term skips the weekend, San José (Monday 23 March)
 *   and Holy Thursday and Good Friday (2 and 3 April), so it ends on Wednesday 2026-04-15.
 * - Space B, "ANM Activa la Región" in Sogamoso (Boyacá) on Facebook Live, Wednesday 2026-06-10.
 * - Space C, the public hearing of 2025 in Bogotá, Wednesday 2025-12-03 (8 December a holiday).
 * - Space D, a round table in Neiva (Huila) scheduled for 2026-11-20, nothing asked yet.
 *
 * The figures are read at `reportNow`, Wednesday 2026-07-01, 12:00 in Bogotá.
 */

export const reportNow = new Date('2026-07-01T17:00:00Z');

/** Personal data the fixtures store; no report may contain any of it. */
export const personalValues = [
  'Camila Ríos',
  'camila@correo.test',
  'conv-pitalito-7',
  'citizen-pitalito-7',
  '¿Cuándo pagan las regalías del carbón en Pitalito?',
  'La respuesta llegó tarde y no entendí',
];

export interface ReportFixture {
  spaces: { a: Types.ObjectId; b: Types.ObjectId; c: Types.ObjectId; d: Types.ObjectId };
  questions: Record<string, Types.ObjectId>;
}

interface QuestionSeed {
  key: string;
  space: Types.ObjectId | null;
  channelId: 'msteams' | 'facebook' | 'webchat';
  status: QuestionStatus;
  receivedAt: string;
  petitionKind?: PetitionKind;
  publishedAt?: string;
  groupUnder?: string;
  area?: string;
  /** The knowledge base's topic stored with it (knowledge/entry.ts). */
  topic?: string;
}

/** A space scheduled, opened and closed; staff record its `participants` after it, if given. */
async function scheduledSpace(
  models: SpaceModels,
  input: NewSpace,
  openedAt: string | null,
  closedAt: string | null,
  participants?: number,
): Promise<Types.ObjectId> {
  const space = await createSpace(models, input);
  if (openedAt) await openSpace(models, space._id, new Date(openedAt));
  if (closedAt) await closeSpace(models, space._id, new Date(closedAt));
  if (participants !== undefined) {
    await updateSpaceDetails(models, space._id, {
      type: input.type,
      title: input.title,
      responsibleArea: input.responsibleArea ?? null,
      municipality: input.municipality ?? null,
      department: input.department ?? null,
      scheduledAt: input.scheduledAt ?? null,
      participants,
    });
  }
  return space._id;
}

function questionOf(seed: QuestionSeed, ids: Record<string, Types.ObjectId>): QuestionDocument {
  const receivedAt = new Date(seed.receivedAt);
  const petitionKind = seed.petitionKind ?? 'peticion-general';
  const origin: QuestionOrigin =
    seed.space === null ? 'chat' : seed.channelId === 'facebook' ? 'live-comment' : 'meeting-chat';
  const _id = ids[seed.key] as Types.ObjectId;
  return {
    _id,
    trackingCode: `ANM-R${seed.key.toUpperCase().padStart(7, '0')}`,
    submissionKey: `report-test:${seed.key}`,
    knowledgeTopic: seed.topic ?? null,
    text: '¿Cuándo pagan las regalías del carbón en Pitalito?',
    channelId: seed.channelId,
    spaceId: seed.space,
    origin,
    groupId: seed.groupUnder ? (ids[seed.groupUnder] ?? null) : null,
    status: seed.status,
    petitionKind,
    receivedAt,
    dueAt: dueDate(receivedAt, petitionKind),
    consentId: 'consent:report-test',
    contact: { name: 'Camila Ríos', email: 'camila@correo.test' },
    citizenKey: 'citizen-pitalito-7',
    conversationKey: { channelId: seed.channelId, conversationId: 'conv-pitalito-7' },
    ...noModeration,
    area: seed.area ?? null,
    publishedAt: seed.publishedAt ? new Date(seed.publishedAt) : null,
    version: 1,
    createdAt: receivedAt,
    updatedAt: seed.publishedAt ? new Date(seed.publishedAt) : receivedAt,
  };
}

function deliveryOf(
  questionId: Types.ObjectId,
  channel: DeliveryChannel,
  status: DeliveryStatus,
): DeliveryDocument {
  return {
    _id: `${questionId.toHexString()}#${channel}`,
    kind: 'answer',
    questionId,
    sourceQuestionId: questionId,
    trackingCode: 'ANM-R0000000',
    channel,
    status,
    attempts: status === 'pending' ? 0 : 1,
    createdAt: new Date('2026-04-15T16:00:00Z'),
    sentAt: status === 'sent' ? new Date('2026-04-15T16:01:00Z') : null,
    nextAttemptAt: null,
    reason: status === 'sent' || status === 'pending' ? null : 'Sin medio de contacto',
    lastAttemptAt: null,
  };
}

export async function seedReportFixture(models: Models): Promise<ReportFixture> {
  const a = await scheduledSpace(
    models,
    {
      type: 'audiencia-terceros',
      title: 'Audiencia de participación de terceros en Pitalito',
      responsibleArea: 'Participación ciudadana',
      department: 'Huila',
      municipality: 'Pitalito',
      scheduledAt: new Date('2026-03-20T14:00:00Z'),
      resources: [{ kind: 'teams-meeting', id: 'meeting-pitalito' }],
    },
    '2026-03-20T14:00:00Z',
    '2026-03-20T17:00:00Z',
    85,
  );
  const b = await scheduledSpace(
    models,
    {
      type: 'activa-la-region',
      title: 'ANM Activa la Región en Sogamoso',
      department: 'Boyacá',
      municipality: 'Sogamoso',
      scheduledAt: new Date('2026-06-10T14:00:00Z'),
      resources: [{ kind: 'facebook-live-video', id: 'live-sogamoso' }],
    },
    '2026-06-10T15:00:00Z',
    '2026-06-10T17:00:00Z',
    1200,
  );
  const c = await scheduledSpace(
    models,
    {
      type: 'audiencia-publica',
      title: 'Audiencia pública de rendición de cuentas 2025',
      department: 'Bogotá D.C.',
      municipality: 'Bogotá',
      scheduledAt: new Date('2025-12-03T14:00:00Z'),
    },
    '2025-12-03T14:00:00Z',
    '2025-12-03T18:00:00Z',
    240,
  );
  const d = await scheduledSpace(
    models,
    {
      type: 'mesa-foro-grupo-focal',
      title: 'Mesa técnica con mineros de subsistencia',
      department: 'Huila',
      municipality: 'Neiva',
      scheduledAt: new Date('2026-11-20T14:00:00Z'),
    },
    null,
    null,
  );

  const inA = '2026-03-20T15:00:00Z';
  const inB = '2026-06-10T15:30:00Z';
  const inC = '2025-12-03T15:00:00Z';
  const seeds: QuestionSeed[] = [
    // A: on time on the last day, late by a day, live, overdue, a duplicate answered with A1.
    {
      key: 'a1',
      topic: 'regalias',
      space: a,
      channelId: 'msteams',
      status: 'published',
      receivedAt: inA,
      publishedAt: '2026-04-15T16:00:00Z',
      area: 'Regalías',
    },
    {
      key: 'a2',
      topic: 'regalias',
      space: a,
      channelId: 'msteams',
      status: 'published',
      receivedAt: inA,
      publishedAt: '2026-04-16T16:00:00Z',
      area: 'Regalías',
    },
    { key: 'a3', space: a, channelId: 'msteams', status: 'answered_live', receivedAt: inA },
    {
      key: 'a4',
      space: a,
      channelId: 'msteams',
      status: 'pending',
      receivedAt: inA,
      area: 'Títulos mineros',
    },
    {
      key: 'a5',
      space: a,
      channelId: 'msteams',
      status: 'published',
      receivedAt: inA,
      publishedAt: '2026-04-15T16:00:00Z',
      groupUnder: 'a1',
      area: 'Regalías',
    },
    // A consultation (30 business days, due 2026-05-07, after 1 May) still in review: overdue too.
    {
      key: 'a6',
      topic: 'fiscalizacion',
      space: a,
      channelId: 'facebook',
      status: 'in_review',
      receivedAt: inA,
      petitionKind: 'consulta',
      area: 'Fiscalización',
    },
    { key: 'a7', space: a, channelId: 'facebook', status: 'rejected', receivedAt: inA },
    { key: 'a8', space: a, channelId: 'msteams', status: 'forwarded', receivedAt: inA },
    { key: 'a9', space: a, channelId: 'msteams', status: 'withdrawn', receivedAt: inA },
    // B: answered in 1 and 2 business days, one live, one within its term (due 2026-07-03).
    {
      key: 'b1',
      topic: 'regalias',
      space: b,
      channelId: 'facebook',
      status: 'published',
      receivedAt: inB,
      publishedAt: '2026-06-11T15:00:00Z',
      area: 'Regalías',
    },
    {
      key: 'b2',
      topic: 'seguridad-salvamento',
      space: b,
      channelId: 'facebook',
      status: 'published',
      receivedAt: inB,
      publishedAt: '2026-06-12T15:00:00Z',
      area: 'Seguridad minera',
    },
    { key: 'b3', space: b, channelId: 'facebook', status: 'answered_live', receivedAt: inB },
    { key: 'b4', space: b, channelId: 'facebook', status: 'pending', receivedAt: inB },
    // C (2025): answered in 4 business days (8 December skipped), one overdue since 2025-12-26.
    {
      key: 'c1',
      topic: 'regalias',
      space: c,
      channelId: 'msteams',
      status: 'published',
      receivedAt: inC,
      publishedAt: '2025-12-10T16:00:00Z',
      area: 'Regalías',
    },
    { key: 'c2', space: c, channelId: 'msteams', status: 'pending', receivedAt: inC },
    // Outside every space (a chat), and in a space that no longer exists: in no report.
    {
      key: 'x1',
      space: null,
      channelId: 'webchat',
      status: 'published',
      receivedAt: inA,
      publishedAt: '2026-03-24T15:00:00Z',
    },
    {
      key: 'x2',
      space: new Types.ObjectId(),
      channelId: 'msteams',
      status: 'pending',
      receivedAt: inA,
    },
  ];
  const ids = Object.fromEntries(seeds.map((seed) => [seed.key, new Types.ObjectId()]));
  await models.questions.collection.insertMany(seeds.map((seed) => questionOf(seed, ids)));

  const id = (key: string) => ids[key] as Types.ObjectId;
  await models.deliveries.insertMany([
    deliveryOf(id('a1'), 'meeting-chat', 'sent'),
    deliveryOf(id('a2'), 'meeting-chat', 'sent'),
    deliveryOf(id('a5'), 'email', 'failed'),
    deliveryOf(id('a5'), 'meeting-chat', 'pending'),
    deliveryOf(id('b1'), 'live-comment', 'sent'),
    deliveryOf(id('b2'), 'live-comment', 'unreachable'),
    deliveryOf(id('x1'), 'chat', 'sent'),
  ]);

  const survey = (key: string, spaceId: Types.ObjectId | null, rating: number | null) => ({
    _id: id(key),
    questionId: id(key),
    spaceId,
    channelId: key.startsWith('b') ? 'facebook' : key.startsWith('x') ? 'webchat' : 'msteams',
    askedAt: new Date('2026-06-12T16:00:00Z'),
    rating,
    comment: rating === 2 ? 'La respuesta llegó tarde y no entendí' : null,
    respondedAt: rating === null ? null : new Date('2026-06-12T17:00:00Z'),
  });
  await models.questions.db
    .collection('satisfaction_surveys')
    .insertMany([
      survey('a1', a, 5),
      survey('a2', a, 2),
      survey('a5', a, null),
      survey('b1', b, 4),
      survey('x1', null, 1),
    ]);
  return { spaces: { a, b, c, d }, questions: ids };
}
