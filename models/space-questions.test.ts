import { Types } from 'mongoose';

import { openTestDatabase, type TestDatabase } from '../test/support/test-database';
import { registerQuestion, type QuestionDocument } from './question';
import {
  groupQuestions,
  markAnsweredLive,
  mergeGroups,
  spaceQuestions,
  splitFromGroup,
  tallySpace,
} from './space-questions';

describe('questions of a space on FerretDB: groups, answered live, tally', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  async function ask(
    spaceId: Types.ObjectId,
    text: string,
    groupId: Types.ObjectId | null = null,
    minutes = 0,
  ): Promise<QuestionDocument> {
    const receivedAt = new Date(Date.UTC(2026, 10, 24, 15, minutes));
    const { question } = await registerQuestion(
      database.models,
      {
        submissionKey: `test:${new Types.ObjectId().toHexString()}`,
        text,
        channelId: 'facebook',
        spaceId,
        origin: 'live-comment',
        groupId,
        petitionKind: 'peticion-general',
        receivedAt,
        dueAt: new Date(Date.UTC(2026, 11, 16, 5)),
        consentId: null,
        contact: null,
        citizenKey: null,
        conversationKey: null,
      },
      'system',
    );
    return question;
  }

  it('when staff mark a group answered live, then every asker in it is answered and the tally counts the rest as pending', async () => {
    const spaceId = new Types.ObjectId();
    const first = await ask(spaceId, '¿Cuándo pagan regalías?', null, 1);
    await ask(spaceId, 'cuando pagan regalias', first._id, 2);
    const other = await ask(spaceId, '¿Qué es el canon?', null, 3);

    const group = await markAnsweredLive(database.models, first._id);
    expect(group?.members.map((member) => member.status)).toEqual([
      'answered_live',
      'answered_live',
    ]);
    expect(group?.status).toBe('answered_live');

    const tally = tallySpace(await spaceQuestions(database.models, spaceId));
    expect(tally).toEqual({
      captured: 3,
      groups: 2,
      answeredLive: 2,
      pending: 1,
      latestDueAt: other.dueAt,
    });
  });

  it('when staff merge two groups, then all their askers share the target canonical question, newest group first in the list', async () => {
    const spaceId = new Types.ObjectId();
    const a = await ask(spaceId, '¿Cómo denuncio minería ilegal?', null, 1);
    const b = await ask(spaceId, 'donde reporto una mina ilegal', null, 2);
    const b2 = await ask(spaceId, 'donde reporto una mina ilegal en el rio', b._id, 3);
    const c = await ask(spaceId, '¿Qué es la ANM?', null, 4);

    const merged = await mergeGroups(database.models, a._id, [b2._id]);
    expect(merged?.members.map((member) => member.text)).toEqual([a.text, b.text, b2.text]);
    const groups = groupQuestions(await spaceQuestions(database.models, spaceId));
    expect(groups.map((group) => group.canonical.text)).toEqual([c.text, a.text]);
  });

  it('when staff split the canonical question out of its group, then the oldest remaining asker leads the rest', async () => {
    const spaceId = new Types.ObjectId();
    const head = await ask(spaceId, '¿Qué es el barequeo?', null, 1);
    const second = await ask(spaceId, 'que es barequear', head._id, 2);
    const third = await ask(spaceId, 'que es el barequeo en el rio', head._id, 3);

    const alone = await splitFromGroup(database.models, head._id);
    expect(alone?.members.map((member) => member.text)).toEqual([head.text]);
    const groups = groupQuestions(await spaceQuestions(database.models, spaceId));
    const rest = groups.find((group) => group.id.equals(second._id));
    expect(rest?.members.map((member) => member.text)).toEqual([second.text, third.text]);
  });

  it('when the space is another one, then a merge leaves that question where it is', async () => {
    const here = await ask(new Types.ObjectId(), '¿Qué es un título minero?');
    const elsewhere = await ask(new Types.ObjectId(), '¿Qué es un título minero?');
    const merged = await mergeGroups(database.models, here._id, [elsewhere._id]);
    expect(merged?.members).toHaveLength(1);
  });

  it('when two merges raced and left a chain and a cycle, then every question is shown once, in one group each', async () => {
    const spaceId = new Types.ObjectId();
    const a = await ask(spaceId, '¿Qué es la regalía?', null, 1);
    const b = await ask(spaceId, 'que son las regalias', null, 2);
    const c = await ask(spaceId, 'regalias que son', null, 3);
    const x = await ask(spaceId, '¿Quién otorga la licencia ambiental?', null, 4);
    const y = await ask(spaceId, 'quien da la licencia ambiental', null, 5);
    // What two instances merging at once can leave: a → b → c, and x ⇄ y.
    for (const [question, groupId] of [
      [a, b],
      [b, c],
      [x, y],
      [y, x],
    ] as const) {
      await database.models.questions.updateOne(
        { _id: question._id },
        { $set: { groupId: groupId._id } },
      );
    }
    const groups = groupQuestions(await spaceQuestions(database.models, spaceId));
    const shown = groups.flatMap((group) => group.members.map((member) => member.text));
    expect(shown.sort()).toEqual([a, b, c, x, y].map((question) => question.text).sort());
    expect(groups.map((group) => group.canonical.text).sort()).toEqual([c.text, x.text].sort());
  });
});
