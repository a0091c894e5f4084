import { RequestRefusal } from '../kernel/errors';
import { bogotaDate } from '../legal-terms/business-days';
import { deliveryId } from '../models/deliveries';
import { findQuestion, type QuestionDocument } from '../models/question';
import { questionHistory } from '../models/question-events';
import { ana, bruno, openModerationFixture, type ModerationFixture } from './moderation-test-kit';

async function refusalOf(promise: Promise<unknown>): Promise<RequestRefusal> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RequestRefusal) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('moderation actions on FerretDB', () => {
  let fixture: ModerationFixture;
  beforeAll(async () => {
    fixture = await openModerationFixture();
  });
  afterAll(() => fixture.close());
  beforeEach(() => fixture.clock.set('2026-12-02T14:00:00Z'));

  const stored = async (question: QuestionDocument) =>
    (await findQuestion(fixture.database.models.questions, question._id)) as QuestionDocument;
  const lastEvent = async (question: QuestionDocument) => {
    const current = await stored(question);
    const events = await questionHistory(
      fixture.database.models.questionEvents,
      question._id,
      current.version,
    );
    return events.at(-1);
  };
  const act = (
    action: Parameters<typeof fixture.service.act>[0],
    question: QuestionDocument,
    body: unknown,
    staff = ana,
  ) => fixture.service.act(action, question._id, staff, body);

  it('when a moderator assigns an area and an assignee, then the question has them and its history says who, when, before and after', async () => {
    const question = await fixture.register();
    await act('assign', question, { version: 1, area: 'Fiscalización', assignee: bruno });
    expect(await stored(question)).toMatchObject({
      area: 'Fiscalización',
      assignee: bruno,
      version: 2,
    });
    expect(await lastEvent(question)).toMatchObject({
      type: 'assigned',
      actor: 'moderator',
      by: ana,
      changes: { area: 'Fiscalización', assignee: bruno },
      before: { area: null, assignee: null },
    });
  });

  it('when a moderator acts on a version someone else changed since, then it is refused as a conflict and nothing changes', async () => {
    const question = await fixture.register();
    await act('assign', question, { version: 1, area: 'Regalías' });
    const refusal = await refusalOf(
      act('assign', question, { version: 1, area: 'Títulos' }, bruno),
    );
    expect(refusal.code).toBe('changed-meanwhile');
    expect(refusal.message).toContain('versión 1');
    expect(await stored(question)).toMatchObject({ area: 'Regalías', version: 2 });
  });

  it('when the petition type is changed to a consultation, then the due date is counted again from receipt (30 business days, holidays skipped)', async () => {
    const question = await fixture.register();
    await act('reclassify', question, { version: 1, petitionKind: 'consulta' });
    const after = await stored(question);
    expect(after.petitionKind).toBe('consulta');
    expect(bogotaDate(after.dueAt)).toBe('2027-01-18');
    expect(await lastEvent(question)).toMatchObject({
      type: 'reclassified',
      before: { petitionKind: 'peticion-general', dueAt: question.dueAt },
    });
  });

  it('when the term is extended before it expires, then the new date is double the term counted in business days, and a notice to the citizen is queued', async () => {
    const question = await fixture.register();
    fixture.clock.set('2026-12-23T20:00:00Z'); // the last day of the term, in Bogotá
    await act('extend', question, {
      version: 1,
      reason: 'Necesitamos un concepto del área técnica.',
    });
    const after = await stored(question);
    expect(bogotaDate(after.dueAt)).toBe('2027-01-18');
    expect(after.extension).toMatchObject({
      reason: 'Necesitamos un concepto del área técnica.',
      by: ana,
      previousDueAt: question.dueAt,
    });
    const notices = await fixture.database.models.deliveries
      .find({
        _id: {
          $in: [
            deliveryId('extension-notice', question._id, 'chat'),
            deliveryId('extension-notice', question._id, 'email'),
          ],
        },
      })
      .lean();
    expect(notices.map((notice) => [notice.kind, notice.channel, notice.status]).sort()).toEqual([
      ['extension-notice', 'chat', 'pending'],
      ['extension-notice', 'email', 'pending'],
    ]);
    expect(JSON.stringify(notices)).not.toContain('camila');
  });

  it('when a shorter extension is asked, then the new date adds only those business days', async () => {
    const question = await fixture.register();
    await act('extend', question, {
      version: 1,
      reason: 'Falta un documento del expediente.',
      businessDays: 10,
    });
    expect(bogotaDate((await stored(question)).dueAt)).toBe('2027-01-08');
  });

  it('when the term was already extended once, then a second extension is refused and the date stays', async () => {
    const question = await fixture.register();
    await act('extend', question, {
      version: 1,
      reason: 'Necesitamos un concepto del área técnica.',
    });
    const refusal = await refusalOf(
      act('extend', question, { version: 2, reason: 'Otra vez necesitamos más tiempo.' }),
    );
    expect(refusal.message).toContain('una sola prórroga');
    // Not a stale version (the client sent the current one): the question's state forbids it.
    expect(refusal.code).toBe('action-not-allowed');
    expect(bogotaDate((await stored(question)).dueAt)).toBe('2027-01-18');
  });

  it('when the term has already expired, then the extension is refused and nothing is queued', async () => {
    const question = await fixture.register();
    fixture.clock.set('2026-12-24T14:00:00Z');
    const refusal = await refusalOf(
      act('extend', question, { version: 1, reason: 'Necesitamos un concepto del área técnica.' }),
    );
    expect(refusal.message).toContain('antes de que venza');
    expect((await stored(question)).extension).toBeNull();
    expect(
      await fixture.database.models.deliveries.countDocuments({ questionId: question._id }),
    ).toBe(0);
  });

  it('when a question is forwarded within 5 business days of receipt, then it is closed as forwarded and the citizen is told', async () => {
    const question = await fixture.register();
    fixture.clock.set('2026-12-09T22:00:00Z'); // 5th business day: 8 December is a holiday
    await act('forward', question, {
      version: 1,
      authority: 'Corporación Autónoma Regional',
      reason: 'El permiso ambiental no es de la ANM.',
    });
    expect(await stored(question)).toMatchObject({
      status: 'forwarded',
      forwarding: { authority: 'Corporación Autónoma Regional', by: ana },
    });
    expect(
      await fixture.database.models.deliveries
        .findOne({ _id: deliveryId('forwarding-notice', question._id, 'chat') })
        .lean(),
    ).toMatchObject({
      kind: 'forwarding-notice',
      status: 'pending',
      trackingCode: question.trackingCode,
    });
  });

  it('when the 5 business days to forward have passed, then forwarding is refused and the question stays open', async () => {
    const question = await fixture.register();
    fixture.clock.set('2026-12-10T14:00:00Z');
    const refusal = await refusalOf(
      act('forward', question, {
        version: 1,
        authority: 'Corporación Autónoma Regional',
        reason: 'El permiso ambiental no es de la ANM.',
      }),
    );
    expect(refusal.message).toContain('5 días hábiles');
    expect((await stored(question)).status).toBe('pending');
  });

  it('when a moderator rejects a message as not a question, then it is closed with the reason and who decided', async () => {
    const question = await fixture.register({ text: 'Saludos a todos desde Segovia' });
    await act('reject', question, { version: 1, reason: 'Es un saludo, no una pregunta.' });
    expect(await stored(question)).toMatchObject({
      status: 'rejected',
      rejection: { reason: 'Es un saludo, no una pregunta.', by: ana },
    });
    expect(await lastEvent(question)).toMatchObject({
      type: 'rejected',
      before: { status: 'pending', rejection: null },
    });
  });

  it('when a question is withdrawn at the citizen request, then it is closed and keeps no contact data, in the question or its history', async () => {
    const question = await fixture.register({
      text: 'Soy Camila Ríos, ¿cómo pido un título minero?',
      contact: { name: 'Camila Ríos', email: 'camila@correo.test' },
    });
    await act('withdraw', question, { version: 1 });
    const after = await stored(question);
    expect(after).toMatchObject({
      status: 'withdrawn',
      contact: null,
      citizenKey: null,
      conversationKey: null,
    });
    const history = await questionHistory(
      fixture.database.models.questionEvents,
      question._id,
      after.version,
    );
    expect(JSON.stringify({ after, history })).not.toMatch(/Camila|camila@correo/);
    expect(history.at(-1)).toMatchObject({ type: 'withdrawn', by: ana });
  });

  it('when a closed question is assigned, then it is refused', async () => {
    const question = await fixture.register();
    await act('reject', question, { version: 1, reason: 'Es un saludo, no una pregunta.' });
    const refusal = await refusalOf(act('assign', question, { version: 2, area: 'Regalías' }));
    expect(refusal.message).toContain('cerrada');
  });

  it('when a body is wrong, then every problem is listed in Spanish and nothing is written', async () => {
    const question = await fixture.register();
    const refusal = await refusalOf(
      act('extend', question, { reason: 'corta', businessDays: 0, status: 'published' }),
    );
    expect(refusal.code).toBe('invalid-body');
    expect(refusal.details.problems).toEqual(
      expect.arrayContaining([
        'Falta el campo "version".',
        'El campo "reason" debe tener al menos 10 caracteres.',
        'El campo "businessDays" debe ser al menos 1.',
        'El campo "status" no se admite aquí.',
      ]),
    );
    expect((await stored(question)).version).toBe(1);
  });

  it('when a question was stored before moderation existed, then it reads with empty moderation fields and can be acted on', async () => {
    const { _id, ...registered } = await fixture.register();
    const legacy = Object.fromEntries(
      Object.entries(registered).filter(
        ([field]) =>
          ![
            'area',
            'assignee',
            'draft',
            'approval',
            'publishedAt',
            'extension',
            'forwarding',
            'rejection',
          ].includes(field),
      ),
    );
    await fixture.database.models.questions.deleteOne({ _id });
    await fixture.database.models.questions.collection.insertOne({ _id, ...legacy });
    const question = (await findQuestion(
      fixture.database.models.questions,
      _id,
    )) as QuestionDocument;
    expect(question).toMatchObject({ area: null, draft: null, extension: null, version: 1 });
    await act('assign', question, { version: 1, area: 'Regalías' });
    expect(await stored(question)).toMatchObject({ area: 'Regalías', assignee: null, version: 2 });
  });
});
