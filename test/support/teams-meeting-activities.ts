import { randomUUID } from 'node:crypto';

import type { Activity } from 'botbuilder';

import { messageActivity, type ConversationParty } from './activities';

const botAccount = { id: 'anm-bot', name: 'ANM Bot', role: 'bot' };
const tenant = { id: 'tenant-anm-test' };

/** A Teams meeting chat as the Teams channel describes it in every activity. */
export interface TeamsMeeting {
  meetingId: string;
  title: string;
  party: ConversationParty;
}

export function newTeamsMeeting(serviceUrl: string, title: string): TeamsMeeting {
  // Teams meeting ids are opaque base64 strings.
  const meetingId = Buffer.from(`meeting-${randomUUID()}`).toString('base64');
  return {
    meetingId,
    title,
    party: {
      channelId: 'msteams',
      serviceUrl,
      conversationId: `19:meeting_${randomUUID()}@thread.v2`,
      userId: `29:${randomUUID()}`,
    },
  };
}

function meetingFields(meeting: TeamsMeeting) {
  return {
    conversation: {
      id: meeting.party.conversationId,
      isGroup: true,
      conversationType: 'groupChat',
      tenantId: tenant.id,
      name: '',
    },
    channelData: { tenant, meeting: { id: meeting.meetingId } },
  };
}

/** `application/vnd.microsoft.meetingStart` / `…meetingEnd`, with Teams' TitleCase value keys. */
export function meetingEventActivity(
  meeting: TeamsMeeting,
  which: 'start' | 'end',
  at: Date = new Date(),
): Partial<Activity> {
  return {
    type: 'event',
    id: randomUUID(),
    timestamp: at,
    channelId: 'msteams',
    serviceUrl: meeting.party.serviceUrl,
    from: { id: meeting.party.userId, name: '', role: 'user' },
    recipient: botAccount,
    name:
      which === 'start'
        ? 'application/vnd.microsoft.meetingStart'
        : 'application/vnd.microsoft.meetingEnd',
    value: {
      Id: meeting.meetingId,
      MeetingType: 'Scheduled',
      JoinUrl: 'https://teams.microsoft.com/l/meetup-join/test',
      Title: meeting.title,
      ...(which === 'start' ? { StartTime: at.toISOString() } : { EndTime: at.toISOString() }),
    },
    ...meetingFields(meeting),
  };
}

/** A meeting chat message from a participant; `mention` adds the bot's @mention, as Teams does. */
export function meetingMessage(
  meeting: TeamsMeeting,
  text: string,
  options: { mention?: boolean; participantId?: string } = {},
): Partial<Activity> {
  const mentionText = '<at>ANM Bot</at>';
  return messageActivity(
    { ...meeting.party, userId: options.participantId ?? meeting.party.userId },
    options.mention ? `${mentionText} ${text}` : text,
    {
      ...meetingFields(meeting),
      entities: options.mention
        ? [{ type: 'mention', mentioned: botAccount, text: mentionText }]
        : [],
    },
  );
}

export function botAddedToMeeting(meeting: TeamsMeeting): Partial<Activity> {
  return {
    type: 'conversationUpdate',
    id: randomUUID(),
    timestamp: new Date(),
    channelId: 'msteams',
    serviceUrl: meeting.party.serviceUrl,
    from: { id: meeting.party.userId, name: '', role: 'user' },
    recipient: botAccount,
    membersAdded: [botAccount],
    ...meetingFields(meeting),
  };
}

export function participantJoinedMeeting(meeting: TeamsMeeting): Partial<Activity> {
  return { ...botAddedToMeeting(meeting), membersAdded: [{ id: `29:${randomUUID()}`, name: '' }] };
}
