import mongoose from 'mongoose';

import { DeliveryWorker } from '../delivery/delivery-worker';
import { createEmailSender, type EmailSender } from '../delivery/email-sender';
import { errorCodes, RequestRefusal } from '../kernel/errors';
import { createLogger } from '../kernel/logger';
import type { ProactiveSender } from '../kernel/proactive-sender';
import { deliveryId, type DeliveryDocument } from '../models/deliveries';
import { claimDeliveryAttempt } from '../models/delivery-attempts';
import { questionHistory } from '../models/question-events';
import type { QuestionDocument } from '../models/question';
import { createModels, type Models } from '../models/registry';
import { startLoopbackSmtpServer, type LoopbackSmtpServer } from '../test/support/smtp-server';
import { testMongoUri } from '../test/support/test-database';
import { ModerationFollowUp } from './follow-up-service';
import type { DeliveryProblemItem } from './delivery-problems';
import { ana, bruno, openModerationFixture, type ModerationFixture } from './moderation-test-kit';

const answerText =
  'El municipio recibe regalías por el carbón. Puede ver cuánto recibe en el mapa de regalías.';

/** Chat deliveries in these tests have no stored conversation: nothing is ever sent by chat. */
const noChat: ProactiveSender = {
  send: () => Promise.reject(new Error('no chat in these tests')),
};

describe('the deliveries that need a moderator, and their retry, on FerretDB with a real SMTP server', () => {
  let fixture: ModerationFixture;
  let smtp: LoopbackSmtpServer;
  let email: EmailSender;
  let followUp: ModerationFollowUp;
  let wakes = 0;

  beforeAll(async () => {
    fixture = await openModerationFixture();
    smtp = await startLoopbackSmtpServer();
    email = createEmailSender({ smtpUrl: smtp.url, from: 'respuestas@anm.test', timeoutMs: 5_000 });
    followUp = new ModerationFollowUp({
      models: fixture.database.models,
      projection: fixture.service.projection,
      onDeliveriesQueued: () => wakes++,
      facebookConfigured: false,
      now: fixture.clock.now,
    });
  });
  afterAll(async () => {
    email.close();
    await smtp.stop();
    await fixture.close();
  });

  function worker(models: Models = fixture.database.models, { withEmail = true } = {}) {
    return new DeliveryWorker({
      models,
      sender: noChat,
      email: withEmail ? email : undefined,
      publicationUrl: 'https://www.anm.gov.co/',
      logger: createLogger('silent'),
      now: fixture.clock.now,
    });
  }

  const later = (ms: number) =>
    fixture.clock.set(new Date(fixture.clock.current.getTime() + ms).toISOString());

  /** A published answer to one asker who gave `address` with consent (no chat kept). */
  async function answered(address: string, overrides = {}): Promise<QuestionDocument> {
    const question = await fixture.register({
      contact: { name: 'Camila Ríos', email: address },
      conversationKey: null,
      ...overrides,
    });
    await fixture.service.act('answer', question._id, ana, { version: 1, text: answerText });
    await fixture.service.act('approve', question._id, bruno, { version: 2 });
    return question;
  }

  /** Five refused attempts, hours apart: the deliverer gives the e-mail up. */
  async function givenUp(address: string): Promise<QuestionDocument> {
    const question = await answered(address);
    smtp.state.refuseWith = 451;
    try {
      for (let attempt = 1; attempt <= 5; attempt++) {
        await worker().runOnce();
        later(3 * 60 * 60_000);
      }
    } finally {
      smtp.state.refuseWith = undefined;
    }
    return question;
  }

  const emailId = (question: QuestionDocument) => deliveryId('answer', question._id, 'email');
  const mailsTo = (address: string) => smtp.received.filter((mail) => mail.to.includes(address));
  const stored = async (id: string) =>
    (await fixture.database.models.deliveries.findOne({ _id: id }).lean()) as DeliveryDocument;

  async function allProblems(query: Record<string, string> = {}): Promise<DeliveryProblemItem[]> {
    const items: DeliveryProblemItem[] = [];
    let cursor: string | null = null;
    do {
      const page = await followUp.deliveries({ ...query, ...(cursor ? { cursor } : {}) });
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  async function refusalOf(promise: Promise<unknown>): Promise<RequestRefusal> {
    const error = await promise.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    if (!(error instanceof RequestRefusal)) throw new Error('expected a refusal');
    return error;
  }

  it('when the deliverer gave an e-mail up, then moderators see it with its attempts and reason, and a retry sends it once, on the record', async () => {
    const address = 'rendida@correo.test';
    const question = await givenUp(address);
    const problems = await allProblems({ status: 'failed' });
    const item = problems.find((problem) => problem.id === emailId(question));
    expect(item).toEqual({
      id: emailId(question),
      questionId: question._id.toHexString(),
      trackingCode: question.trackingCode,
      kind: 'answer',
      channel: 'email',
      status: 'failed',
      attempts: 5,
      reason: 'el servidor de correo no aceptó el mensaje',
      lastAttemptAt: expect.any(String) as unknown,
      createdAt: expect.any(String) as unknown,
      retryable: true,
      version: 5,
    });
    expect(JSON.stringify(problems)).not.toMatch(/camila|correo\.test|conv-/i);

    const wakesBefore = wakes;
    const retried = await followUp.retryDelivery(emailId(question), ana, { version: 5 });
    expect(retried.delivery).toMatchObject({ status: 'pending', attempts: 5, retryable: false });
    expect(wakes).toBe(wakesBefore + 1);
    expect((await allProblems()).map((problem) => problem.id)).not.toContain(emailId(question));

    const summary = await worker().runOnce();
    expect(summary.sent).toBe(1);
    expect(mailsTo(address)).toHaveLength(1);
    expect(await stored(emailId(question))).toMatchObject({ status: 'sent', attempts: 6 });
    expect(await worker().runOnce()).toMatchObject({ sent: 0 });
    expect(mailsTo(address)).toHaveLength(1);

    const current = await fixture.service.question(question._id);
    const last = current.history.at(-1);
    expect(last).toMatchObject({
      type: 'delivery-retried',
      actor: 'moderator',
      by: ana,
      changes: {
        retriedDelivery: {
          delivery: emailId(question),
          kind: 'answer',
          channel: 'email',
          status: 'failed',
          attempts: 5,
          reason: 'el servidor de correo no aceptó el mensaje',
        },
      },
    });
    // The question itself has no such field: the detail lives in its history only.
    const raw = await fixture.database.models.questions.collection.findOne({ _id: question._id });
    expect(raw).not.toHaveProperty('retriedDelivery');

    const again = await refusalOf(followUp.retryDelivery(emailId(question), ana, { version: 6 }));
    expect([again.code, again.message]).toEqual([
      errorCodes.actionNotAllowed,
      'Este envío ya se entregó: no se envía de nuevo.',
    ]);
  });

  it('when two moderators retry the same delivery at once, then one is refused, and two deliverers racing send it once', async () => {
    const address = 'dos-a-la-vez@correo.test';
    const question = await givenUp(address);
    const results = await Promise.allSettled([
      followUp.retryDelivery(emailId(question), ana, { version: 5 }),
      followUp.retryDelivery(emailId(question), bruno, { version: 5 }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((result) => result.status === 'rejected');
    expect((refused?.reason as RequestRefusal).code).toBe(errorCodes.changedMeanwhile);
    const history = await questionHistory(
      fixture.database.models.questionEvents,
      question._id,
      (await fixture.service.question(question._id)).question.version,
    );
    expect(history.filter((event) => event.type === 'delivery-retried')).toHaveLength(1);

    const second = await mongoose
      .createConnection(testMongoUri(), { dbName: fixture.database.dbName, autoIndex: false })
      .asPromise();
    try {
      await Promise.all([worker().runOnce(), worker(createModels(second)).runOnce()]);
    } finally {
      await second.close();
    }
    expect(mailsTo(address)).toHaveLength(1);
    expect(await stored(emailId(question))).toMatchObject({ status: 'sent', attempts: 6 });
  });

  it('when a delivery is still being retried by the deliverer, or the version is stale, then the retry is refused and nothing changes', async () => {
    const address = 'en-curso@correo.test';
    const question = await answered(address);
    smtp.state.refuseWith = 451;
    try {
      await worker().runOnce();
    } finally {
      smtp.state.refuseWith = undefined;
    }
    const before = await stored(emailId(question));
    expect(before).toMatchObject({ status: 'failed', attempts: 1 });
    expect(before.nextAttemptAt).not.toBeNull();

    const running = await refusalOf(followUp.retryDelivery(emailId(question), ana, { version: 1 }));
    expect(running.code).toBe(errorCodes.actionNotAllowed);
    const stale = await refusalOf(followUp.retryDelivery(emailId(question), ana, { version: 0 }));
    expect(stale.code).toBe(errorCodes.changedMeanwhile);
    expect(await stored(emailId(question))).toEqual(before);
    expect((await fixture.service.question(question._id)).question.version).toBe(3);
    const unknown = await refusalOf(
      followUp.retryDelivery(`${'0'.repeat(24)}#email`, ana, { version: 1 }),
    );
    expect(unknown.code).toBe(errorCodes.notFound);
  });

  it('when an attempt after the last recorded one was claimed and has no outcome, then the retry is refused: its message may have gone out', async () => {
    const address = 'sin-resultado@correo.test';
    const question = await givenUp(address);
    await claimDeliveryAttempt(
      fixture.database.models.deliveryAttempts,
      emailId(question),
      6,
      fixture.clock.current,
    );
    const refusal = await refusalOf(followUp.retryDelivery(emailId(question), ana, { version: 5 }));
    expect(refusal.code).toBe(errorCodes.actionNotAllowed);
    expect(refusal.message).toContain('no se reintenta a ciegas');
    expect(await stored(emailId(question))).toMatchObject({ status: 'failed', attempts: 5 });
    await worker().runOnce();
    expect(mailsTo(address)).toHaveLength(0);
  });

  it('when an asker gave no consent, then their unreachable delivery is not a problem to list and cannot be retried', async () => {
    const question = await fixture.register({
      consentId: null,
      contact: null,
      citizenKey: null,
      conversationKey: null,
    });
    await fixture.service.act('answer', question._id, ana, { version: 1, text: answerText });
    await fixture.service.act('approve', question._id, bruno, { version: 2 });
    await worker().runOnce();
    const chat = deliveryId('answer', question._id, 'chat');
    expect(await stored(chat)).toMatchObject({ status: 'unreachable', attempts: 1 });
    expect((await allProblems()).map((problem) => problem.id)).not.toContain(chat);
    const refusal = await refusalOf(followUp.retryDelivery(chat, ana, { version: 1 }));
    expect([refusal.code, refusal.message]).toEqual([
      errorCodes.actionNotAllowed,
      'Este envío no se puede reintentar: sin autorización de datos para escribirle. La respuesta queda en la página pública, con su código.',
    ]);
  });

  it('when no mail server was configured, then the e-mail is listed as unreachable, and once one is, a retry sends it', async () => {
    const address = 'sin-servidor@correo.test';
    const question = await answered(address);
    await worker(fixture.database.models, { withEmail: false }).runOnce();
    const unreachable = await allProblems({ status: 'unreachable' });
    expect(unreachable.find((problem) => problem.id === emailId(question))).toMatchObject({
      status: 'unreachable',
      reason: 'sin servidor de correo configurado',
      attempts: 1,
      retryable: true,
    });
    expect(
      (await allProblems({ status: 'failed' })).every((problem) => problem.status === 'failed'),
    ).toBe(true);

    await followUp.retryDelivery(emailId(question), bruno, { version: 1 });
    await worker().runOnce();
    expect(mailsTo(address)).toHaveLength(1);
    expect(await stored(emailId(question))).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('when the list is read a page at a time, then every problem appears once, latest first', async () => {
    const all = await allProblems();
    const paged = await allProblems({ limit: '1' });
    expect(paged.map((problem) => problem.id)).toEqual(all.map((problem) => problem.id));
    expect(new Set(paged.map((problem) => problem.id)).size).toBe(paged.length);
    const times = all.map((problem) => Date.parse(problem.lastAttemptAt ?? ''));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('when the query or the body is wrong, then the refusal lists each problem in Spanish', async () => {
    const query = await refusalOf(followUp.deliveries({ status: 'sent', limit: '0', cursor: 'x' }));
    expect(query.details.problems).toEqual([
      'El parámetro "status" admite, separados por comas: failed, unreachable.',
      'El parámetro "limit" debe ser un número entre 1 y 100.',
    ]);
    const cursor = await refusalOf(followUp.deliveries({ cursor: 'no-es-un-cursor' }));
    expect(cursor.details.problems).toEqual([
      'El parámetro "cursor" no es válido: use el "nextCursor" de la página anterior.',
    ]);
    const body = await refusalOf(
      followUp.retryDelivery(`${'0'.repeat(24)}#email`, ana, { version: '5', force: true }),
    );
    expect(body.details.problems).toEqual([
      'El campo "version" debe ser la versión del envío que usted vio en la lista.',
      'El campo "force" no se admite aquí.',
    ]);
    const id = await refusalOf(followUp.retryDelivery('abc#email', ana, { version: 1 }));
    expect(id.code).toBe(errorCodes.invalidId);
  });
});
