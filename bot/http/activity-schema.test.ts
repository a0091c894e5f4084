import { membersAddedActivity, messageActivity, newParty } from '../../test/support/activities';
import {
  botAddedToMeeting,
  meetingEventActivity,
  meetingMessage,
  newTeamsMeeting,
} from '../../test/support/teams-meeting-activities';
import { activityOf, maxActivityTextLength } from './activity-schema';
import { RequestRefusal } from '../../kernel/errors';
import { httpStatusOf } from './error-handler';

/** What a channel puts on the wire: dates become text. */
const onTheWire = (activity: object): unknown => JSON.parse(JSON.stringify(activity));

function refusal(body: unknown): RequestRefusal | undefined {
  try {
    activityOf(body);
    return undefined;
  } catch (error) {
    if (error instanceof RequestRefusal) return error;
    throw error;
  }
}

describe('the activity schema at the edge', () => {
  const serviceUrl = 'https://smba.trafficmanager.net/amer/';
  const party = newParty(serviceUrl, 'msteams');
  const meeting = newTeamsMeeting(serviceUrl, 'Audiencia');

  it.each([
    ['a web chat message', messageActivity(newParty(serviceUrl), 'hola')],
    ['a conversationUpdate', membersAddedActivity(party)],
    ['the bot added to a meeting', botAddedToMeeting(meeting)],
    ['a meeting start event', meetingEventActivity(meeting, 'start')],
    ['a meeting chat message with a mention', meetingMessage(meeting, 'hola', { mention: true })],
    [
      'a Teams invoke with a card action',
      messageActivity(party, '', {
        type: 'invoke',
        name: 'adaptiveCard/action',
        text: undefined,
        value: { action: { verb: 'ayuda', data: { $anything: [1, { deep: true }] } } },
      }),
    ],
  ])('when a channel sends %s, then it passes unchanged', (_case, activity) => {
    const body = onTheWire(activity);
    expect(activityOf(body)).toBe(body);
  });

  it.each([
    ['no type', { type: undefined }, 'type'],
    ['no serviceUrl', { serviceUrl: undefined }, 'serviceUrl'],
    ['a serviceUrl that is an operator object', { serviceUrl: { $ne: null } }, 'serviceUrl'],
    ['a serviceUrl of another scheme', { serviceUrl: 'file:///etc/passwd' }, 'serviceUrl'],
    ['no conversation', { conversation: undefined }, 'conversation'],
    [
      'a conversation id that is an object',
      { conversation: { id: { $gt: '' } } },
      'conversation.id',
    ],
    ['a sender without id', { from: { name: 'x' } }, 'from.id'],
    ['a text over the edge bound', { text: 'a'.repeat(maxActivityTextLength + 1) }, 'text'],
    ['an id of a megabyte', { id: 'x'.repeat(1024 * 1024) }, 'id'],
  ])(
    'when the activity has %s, then it is a 400 naming the field, not its value',
    (_case, change, field) => {
      const error = refusal({
        ...(onTheWire(messageActivity(party, 'hola')) as object),
        ...change,
      });
      expect(error && httpStatusOf(error.code)).toBe(400);
      expect(error?.code).toBe('invalid-activity');
      expect(error?.message).toContain(`campo ${field}`);
      expect(error?.message).not.toContain('$');
    },
  );

  it.each([
    ['an array', []],
    ['a string', 'message'],
    ['null', null],
  ])('when the body is %s, then it is a 400', (_case, body) => {
    const error = refusal(body);
    expect(error && httpStatusOf(error.code)).toBe(400);
  });
});
