import { randomUUID } from 'node:crypto';

import { ConversationState, TestAdapter, type Activity, type TurnContext } from 'botbuilder';

import { Pseudonymizer } from '../kernel/pseudonym';
import { MongoStateStorage } from '../models/bot-state-storage';
import { registerQuestion, type QuestionDocument } from '../models/question';
import { claimSatisfactionSurvey } from '../models/satisfaction-survey';
import { visibleText } from '../test/support/conversation';
import { openTestDatabase, type TestDatabase } from '../test/support/test-database';
import { pendingSurveyLifetimeMs, SatisfactionSurveyReplies } from './satisfaction-survey';
import { markPendingSurvey } from './satisfaction-survey-state';
import { incomingText } from './understanding/incoming-text';

const channelId = 'test';
const dayMs = 24 * 60 * 60_000;

/**
 * One citizen's conversation after the deliverer asked the survey there: each turn goes through
 * `SatisfactionSurveyReplies` first, as in the bot, and anything it does not take is answered
 * "como siempre: <text>", standing for the bot's usual handling (a question, a command).
 */
class SurveyedConversation {
  readonly conversationId = `conv-${randomUUID()}`;
  readonly userId = `user-${randomUUID()}`;
  /** Whether a flow (registration, erasure…) is in progress in the next turns. */
  flowInProgress = false;
  private readonly adapter: TestAdapter;

  constructor(
    private readonly replies: SatisfactionSurveyReplies,
    private readonly conversationState: ConversationState,
  ) {
    this.adapter = new TestAdapter(async (context: TurnContext) => {
      const text = incomingText(context.activity);
      if (!(await this.replies.respond(context, text, this.flowInProgress)))
        await context.sendActivity(`como siempre: ${text}`);
      await this.conversationState.saveChanges(context);
    });
  }

  /** What the citizen reads after typing `text` (or pressing a button whose value is `value`). */
  async say(text: string, value?: Record<string, unknown>): Promise<string[]> {
    await this.adapter.receiveActivity({
      type: 'message',
      text,
      ...(value ? { value } : {}),
      conversation: { id: this.conversationId, isGroup: false, conversationType: '', name: '' },
      from: { id: this.userId, name: '' },
    });
    return this.adapter.activeQueue.splice(0).map((reply: Partial<Activity>) => visibleText(reply));
  }
}

describe('the answer to the satisfaction survey, turn by turn on FerretDB', () => {
  let database: TestDatabase;
  let pseudonymizer: Pseudonymizer;
  let storage: MongoStateStorage;
  let conversationState: ConversationState;
  let now: Date;
  let replies: SatisfactionSurveyReplies;

  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());
  beforeEach(() => {
    pseudonymizer = new Pseudonymizer(randomUUID());
    storage = new MongoStateStorage(database.models, pseudonymizer);
    conversationState = new ConversationState(storage);
    now = new Date();
    replies = new SatisfactionSurveyReplies({
      models: database.models,
      pseudonymizer,
      conversationState,
      now: () => now,
    });
  });

  const surveys = () => database.models.satisfactionSurveys;
  const surveyOf = (question: QuestionDocument) => surveys().findById(question._id).lean();

  async function questionOf(conversation: SurveyedConversation) {
    const { question } = await registerQuestion(database.models, {
      submissionKey: `${channelId}:${randomUUID()}`,
      text: '¿Cuándo se paga el canon superficiario?',
      channelId,
      spaceId: null,
      petitionKind: 'peticion-general',
      receivedAt: now,
      dueAt: new Date(now.getTime() + 21 * dayMs),
      consentId: 'consent:test',
      contact: null,
      citizenKey: pseudonymizer.pseudonym(`${channelId}:${conversation.userId}`),
      conversationKey: { channelId, conversationId: conversation.conversationId },
    });
    return question;
  }

  /** A conversation in which the deliverer has just asked the survey of the citizen's question. */
  async function surveyed(
    options: { marked: boolean } = { marked: true },
  ): Promise<{ conversation: SurveyedConversation; question: QuestionDocument }> {
    const conversation = new SurveyedConversation(replies, conversationState);
    const question = await questionOf(conversation);
    await claimSatisfactionSurvey(surveys(), question, channelId, now);
    if (options.marked)
      await markPendingSurvey(
        { storage, conversationState },
        { channelId, conversationId: conversation.conversationId },
        { surveyId: question._id.toHexString(), askedAt: now.toISOString() },
      );
    return { conversation, question };
  }

  const button = (question: QuestionDocument, text: string, comment?: string) => ({
    text,
    satisfactionSurveyId: question._id.toHexString(),
    ...(comment === undefined ? {} : { satisfactionComment: comment }),
  });

  it('when the citizen types "4", then the rating is stored, they are thanked, and a later "4" is an ordinary message', async () => {
    const { conversation, question } = await surveyed();

    expect(await conversation.say('4')).toEqual([
      '¡Gracias por su calificación! Nos ayuda a responder mejor.',
    ]);
    expect(await surveyOf(question)).toMatchObject({ rating: 4, comment: null, respondedAt: now });

    expect(await conversation.say('4')).toEqual(['como siempre: 4']);
  });

  it('when the citizen types "cuatro, muy clara la respuesta", then the rating and the comment are stored', async () => {
    const { conversation, question } = await surveyed();

    expect(await conversation.say('cuatro, muy clara la respuesta')).toEqual([
      '¡Gracias por su calificación y su comentario! Nos ayudan a responder mejor.',
    ]);
    expect(await surveyOf(question)).toMatchObject({
      rating: 4,
      comment: 'muy clara la respuesta',
    });
  });

  it('when the citizen writes "no gracias", then nothing is stored and the survey is not asked again', async () => {
    const { conversation, question } = await surveyed();

    expect(await conversation.say('no gracias')).toEqual([
      'Entendido, no hay problema. Si tiene otra pregunta, escríbala aquí.',
    ]);
    expect(await surveyOf(question)).toMatchObject({ rating: null, respondedAt: null });
    expect(await conversation.say('5')).toEqual(['como siempre: 5']);
  });

  it('when the citizen writes something else ("mis preguntas"), then it is handled as usual and the survey lapses', async () => {
    const { conversation, question } = await surveyed();

    expect(await conversation.say('mis preguntas')).toEqual(['como siempre: mis preguntas']);
    expect(await conversation.say('4')).toEqual(['como siempre: 4']);
    expect((await surveyOf(question))?.rating).toBeNull();
  });

  it('when a flow is in progress, then a typed "4" goes to the flow and the survey waits for the next message outside it', async () => {
    const { conversation, question } = await surveyed();
    conversation.flowInProgress = true;

    expect(await conversation.say('4')).toEqual(['como siempre: 4']);
    conversation.flowInProgress = false;
    expect(await conversation.say('5')).toEqual([
      '¡Gracias por su calificación! Nos ayuda a responder mejor.',
    ]);
    expect((await surveyOf(question))?.rating).toBe(5);
  });

  it('when the citizen presses a card button with a comment, then both are stored, even inside a flow, with personal data masked', async () => {
    const { conversation, question } = await surveyed();
    conversation.flowInProgress = true;

    const said = await conversation.say(
      '',
      button(question, '5', 'Muy clara. Me llamo Pedro Ruiz y me sirvió.'),
    );

    expect(said).toEqual([
      '¡Gracias por su calificación y su comentario! Nos ayudan a responder mejor.',
    ]);
    expect(await surveyOf(question)).toMatchObject({
      rating: 5,
      comment: 'Muy clara. Me llamo [nombre] y me sirvió.',
    });
  });

  it('when the survey lapsed and the citizen later presses a button of its card, then the rating is still theirs to give', async () => {
    const { conversation, question } = await surveyed({ marked: false });

    expect(await conversation.say('', button(question, '2', ''))).toEqual([
      '¡Gracias por su calificación! Nos ayuda a responder mejor.',
    ]);
    expect(await surveyOf(question)).toMatchObject({ rating: 2, comment: null });
  });

  it('when a button names another citizen survey, then nothing is stored and the citizen is told the survey is closed', async () => {
    const { question: theirs } = await surveyed();
    const { conversation } = await surveyed();

    expect(await conversation.say('', button(theirs, '1'))).toEqual([
      'Esta encuesta ya no recibe respuestas. Gracias por su interés.',
    ]);
    expect((await surveyOf(theirs))?.rating).toBeNull();
  });

  it('when the survey was asked more than a week ago, then a typed "4" is an ordinary message', async () => {
    const { conversation, question } = await surveyed();
    now = new Date(now.getTime() + pendingSurveyLifetimeMs + 60_000);

    expect(await conversation.say('4')).toEqual(['como siempre: 4']);
    expect((await surveyOf(question))?.rating).toBeNull();
  });
});
