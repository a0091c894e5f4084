import mongoose from 'mongoose';

import { RequestRefusal } from '../kernel/errors';
import { deliveryId } from '../models/deliveries';
import { findQuestion, type QuestionDocument } from '../models/question';
import { createModels } from '../models/registry';
import { testMongoUri } from '../test/support/test-database';
import { ModerationService } from './moderation-service';
import { ana, bruno, openModerationFixture, type ModerationFixture } from './moderation-test-kit';

const plainAnswer =
  'El municipio recibe regalías por el carbón que se saca de su suelo. Puede ver cuánto recibe en el mapa de regalías. Si quiere más datos, escríbanos.';
const hardAnswer =
  'La determinación de las contraprestaciones económicas correspondientes a la explotación de recursos naturales no renovables, incluidas las asignaciones directas a las entidades territoriales productoras, obedece a la normatividad constitucional y legal vigente, particularmente al Sistema General de Regalías y a su reglamentación administrativa.';

function memberAt(members: QuestionDocument[], index: number): QuestionDocument {
  const member = members[index];
  if (!member) throw new Error(`the group has no member ${index}`);
  return member;
}

async function refusalOf(promise: Promise<unknown>): Promise<RequestRefusal> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RequestRefusal) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('drafts and two-step approval on FerretDB', () => {
  let fixture: ModerationFixture;
  beforeAll(async () => {
    fixture = await openModerationFixture();
  });
  afterAll(() => fixture.close());

  const stored = async (question: QuestionDocument) =>
    (await findQuestion(fixture.database.models.questions, question._id)) as QuestionDocument;

  /** A canonical question with `others` questions grouped under it (from other channels too). */
  async function groupOf(others: number) {
    const canonical = await fixture.register();
    const members: QuestionDocument[] = [];
    for (let index = 0; index < others; index++) {
      members.push(
        await fixture.register(
          index % 2 === 0
            ? { groupId: canonical._id }
            : {
                groupId: canonical._id,
                origin: 'meeting-chat',
                channelId: 'msteams',
                contact: null,
                citizenKey: null,
              },
        ),
      );
    }
    return { canonical, members };
  }

  it('when a plain draft is saved, then it is stored with its readability and the question is in review', async () => {
    const question = await fixture.register();
    const result = await fixture.service.act('answer', question._id, ana, {
      version: 1,
      text: plainAnswer,
    });
    expect(result).toMatchObject({
      readability: { meetsFloor: true, longSentences: [], longWords: [] },
    });
    expect(await stored(question)).toMatchObject({
      status: 'in_review',
      draft: { text: plainAnswer, draftedBy: ana, suggested: false },
    });
  });

  it('when a hard draft is saved, then its readability is below 55 and it lists the long sentence and the long words to simplify', async () => {
    const question = await fixture.register();
    const result = (await fixture.service.act('answer', question._id, ana, {
      version: 1,
      text: hardAnswer,
    })) as {
      readability: {
        score: number;
        meetsFloor: boolean;
        longSentences: { words: number }[];
        longWords: string[];
        advice: string;
      };
    };
    expect(result.readability.meetsFloor).toBe(false);
    expect(result.readability.score).toBeLessThan(55);
    expect(result.readability.longSentences).toHaveLength(1);
    expect(result.readability.longWords).toEqual(
      expect.arrayContaining(['contraprestaciones', 'reglamentación']),
    );
    expect(result.readability.advice).toContain('parta las frases');
  });

  it('when the moderator who wrote the draft approves it, then it is refused in Spanish and nothing is published', async () => {
    const question = await fixture.register();
    await fixture.service.act('answer', question._id, ana, { version: 1, text: plainAnswer });
    const refusal = await refusalOf(
      fixture.service.act('approve', question._id, { ...ana, name: 'Otro nombre' }, { version: 2 }),
    );
    expect(refusal.code).toBe('forbidden');
    expect(refusal.message).toBe(
      'Usted redactó este borrador: otra persona del equipo de moderación debe aprobarlo.',
    );
    expect((await stored(question)).status).toBe('in_review');
  });

  it('when there is no draft yet, then approval is refused', async () => {
    const question = await fixture.register();
    const refusal = await refusalOf(
      fixture.service.act('approve', question._id, bruno, { version: 1 }),
    );
    expect(refusal.message).toContain('borrador');
  });

  it('when a second moderator approves, then the group is published and each asker gets one outbox record per channel, without contact data', async () => {
    const { canonical, members } = await groupOf(3);
    await fixture.service.act('answer', canonical._id, ana, { version: 1, text: plainAnswer });
    const result = await fixture.service.act('approve', canonical._id, bruno, { version: 2 });
    expect(result).toMatchObject({ askers: 4, deliveriesQueued: 7, alreadyPublished: false });
    expect(await stored(canonical)).toMatchObject({
      status: 'published',
      approval: { approvedBy: bruno },
      draft: { draftedBy: ana },
    });
    for (const member of members) expect((await stored(member)).status).toBe('published');
    const deliveries = await fixture.database.models.deliveries
      .find({ sourceQuestionId: canonical._id })
      .lean();
    expect(deliveries.map((delivery) => delivery._id).sort()).toEqual(
      [
        deliveryId('answer', canonical._id, 'chat'),
        deliveryId('answer', canonical._id, 'email'),
        deliveryId('answer', memberAt(members, 0)._id, 'chat'),
        deliveryId('answer', memberAt(members, 0)._id, 'email'),
        deliveryId('answer', memberAt(members, 1)._id, 'meeting-chat'),
        deliveryId('answer', memberAt(members, 2)._id, 'chat'),
        deliveryId('answer', memberAt(members, 2)._id, 'email'),
      ].sort(),
    );
    expect(deliveries.every((delivery) => delivery.status === 'pending')).toBe(true);
    expect(JSON.stringify(deliveries)).not.toMatch(/camila|conv-|citizen-/i);
  });

  it('when a member of a group is approved instead of its canonical question, then it is refused and names the canonical code', async () => {
    const { canonical, members } = await groupOf(1);
    await fixture.service.projection.catchUp();
    const refusal = await refusalOf(
      fixture.service.act('answer', memberAt(members, 0)._id, ana, {
        version: 1,
        text: plainAnswer,
      }),
    );
    expect(refusal.message).toContain(canonical.trackingCode);
  });

  it('when two moderators approve at once, on one replica or two, then one approval wins and every asker has exactly one record per channel', async () => {
    const { canonical } = await groupOf(2);
    await fixture.service.act('answer', canonical._id, ana, { version: 1, text: plainAnswer });
    // The second replica has its own connection and its own queue in memory.
    const connection = await mongoose
      .createConnection(testMongoUri(), { dbName: fixture.database.dbName, autoIndex: false })
      .asPromise();
    const otherReplica = new ModerationService({
      models: createModels(connection),
      now: fixture.clock.now,
    });
    await otherReplica.start();
    try {
      const outcomes = await Promise.allSettled([
        fixture.service.act('approve', canonical._id, bruno, { version: 2 }),
        otherReplica.act(
          'approve',
          canonical._id,
          { subject: 'oid-carla-0003', name: 'Carla' },
          { version: 2 },
        ),
        fixture.service.act(
          'approve',
          canonical._id,
          { subject: 'oid-dario-0004', name: 'Darío' },
          { version: 2 },
        ),
      ]);
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      for (const outcome of outcomes)
        if (outcome.status === 'rejected')
          expect((outcome.reason as RequestRefusal).code).toBe('changed-meanwhile');
    } finally {
      await otherReplica.stop();
      await connection.close();
    }
    const records = await fixture.database.models.deliveries
      .find({ sourceQuestionId: canonical._id })
      .lean();
    // canonical: chat + email; member 1: chat + email; member 2: meeting chat.
    expect(records).toHaveLength(5);
    expect(new Set(records.map((record) => record._id)).size).toBe(5);
  });

  it('when an approval is repeated on the published question, then nothing new is queued', async () => {
    const { canonical } = await groupOf(1);
    await fixture.service.act('answer', canonical._id, ana, { version: 1, text: plainAnswer });
    await fixture.service.act('approve', canonical._id, bruno, { version: 2 });
    const again = await fixture.service.act('approve', canonical._id, bruno, { version: 3 });
    expect(again).toMatchObject({ alreadyPublished: true, deliveriesQueued: 0, askers: 2 });
  });

  it('when every change of the answer is read back, then the history names the drafter and the approver with before and after', async () => {
    const question = await fixture.register();
    await fixture.service.act('answer', question._id, ana, { version: 1, text: plainAnswer });
    await fixture.service.act('approve', question._id, bruno, { version: 2 });
    const detail = await fixture.service.question(question._id);
    expect(
      detail.history.map((event) => [event.version, event.type, event.by?.name ?? null]),
    ).toEqual([
      [1, 'registered', null],
      [2, 'draft-saved', 'Ana Moderadora'],
      [3, 'approved', 'Bruno Revisor'],
    ]);
    expect(detail.history[2]).toMatchObject({
      changes: { status: 'published' },
      before: { status: 'in_review', approval: null, publishedAt: null },
    });
    expect(detail.deliveries.map((delivery) => [delivery.kind, delivery.channel])).toEqual([
      ['answer', 'chat'],
      ['answer', 'email'],
    ]);
    expect(JSON.stringify(detail)).not.toMatch(/camila|conv-|citizen-|consent:/i);
  });

  it('when a question is approved, then the deliverer is woken at once; a draft alone does not wake it', async () => {
    let wakes = 0;
    const service = new ModerationService({
      models: fixture.database.models,
      now: fixture.clock.now,
      onDeliveriesQueued: () => wakes++,
    });
    try {
      const question = await fixture.register();
      await service.act('answer', question._id, ana, { version: 1, text: plainAnswer });
      expect(wakes).toBe(0);
      await service.act('approve', question._id, bruno, { version: 2 });
      expect(wakes).toBe(1);
    } finally {
      await service.stop();
    }
  });
});
