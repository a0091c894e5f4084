import type { Activity, TurnContext } from 'botbuilder';

import {
  openSpaceForResource,
  rememberTeamsMeetingChat,
  spaceOfResource,
  type SpaceDocument,
} from '../models/space';
import { meetingMessageKey } from '../models/submission-keys';
import { withoutBotMention } from '../kernel/conversation-kind';
import type { Logger } from '../kernel/logger';
import type { Pseudonymizer } from '../kernel/pseudonym';
import { turnLogger } from '../kernel/turn-log';
import { isQuestion } from './question-detector';
import type { LiveQuestions } from './live-questions';
import { closeSession, type SessionClosingModels, type SessionSummary } from './session-closing';

export const meetingStartEvent = 'application/vnd.microsoft.meetingStart';
export const meetingEndEvent = 'application/vnd.microsoft.meetingEnd';

/** Teams sends meeting details with TitleCase keys. */
interface MeetingEventValue {
  Id?: string;
  Title?: string;
  StartTime?: string;
  EndTime?: string;
}

/** The Teams meeting an activity belongs to: `channelData.meeting.id`, else the event's `Id`. */
export function meetingIdOf(activity: Partial<Activity>): string | undefined {
  if (activity.channelId !== 'msteams') return undefined;
  const channelData = activity.channelData as { meeting?: { id?: unknown } } | undefined;
  const fromChannelData = channelData?.meeting?.id;
  if (typeof fromChannelData === 'string' && fromChannelData !== '') return fromChannelData;
  const value = activity.value as MeetingEventValue | undefined;
  return activity.type === 'event' && typeof value?.Id === 'string' && value.Id !== ''
    ? value.Id
    : undefined;
}

function eventTime(value: string | undefined, fallback: Date): Date {
  const time = value ? Date.parse(value) : Number.NaN;
  return Number.isNaN(time) ? fallback : new Date(time);
}

export interface TeamsMeetingDependencies {
  models: SessionClosingModels;
  liveQuestions: LiveQuestions;
  /** Makes a chat message's submission key: the message's raw ids are never a key. */
  pseudonymizer: Pseudonymizer;
  logger: Logger;
}

/**
 * A Teams meeting as an accountability space: its start opens the space, every question in the
 * meeting chat is captured without a word from the bot, and its end closes the space and
 * returns the summary to post (once, however often the end arrives).
 */
export class TeamsMeetingSessions {
  constructor(private readonly dependencies: TeamsMeetingDependencies) {}

  async meetingStarted(context: TurnContext): Promise<SpaceDocument | undefined> {
    const meetingId = meetingIdOf(context.activity);
    if (!meetingId) return undefined;
    const value = (context.activity.value ?? {}) as MeetingEventValue;
    const space = await openSpaceForResource(
      this.dependencies.models,
      { kind: 'teams-meeting', id: meetingId },
      {
        type: 'audiencia-publica',
        title: value.Title?.trim() || 'Reunión de Teams',
        origin: 'teams-meeting',
      },
      eventTime(value.StartTime, new Date()),
    );
    await rememberTeamsMeetingChat(
      this.dependencies.models,
      meetingId,
      context.activity.conversation.id,
    );
    turnLogger(context, this.dependencies.logger).info(
      { space: space._id.toHexString(), state: space.state },
      'teams meeting started',
    );
    return space;
  }

  /** The summary to post, or undefined when the space was already closed (a repeated end). */
  async meetingEnded(context: TurnContext): Promise<SessionSummary | undefined> {
    const meetingId = meetingIdOf(context.activity);
    if (!meetingId) return undefined;
    const { models } = this.dependencies;
    const space = await spaceOfResource(models, { kind: 'teams-meeting', id: meetingId });
    if (!space) return undefined;
    const value = (context.activity.value ?? {}) as MeetingEventValue;
    const closed = await closeSession(models, space._id, eventTime(value.EndTime, new Date()));
    if (!closed?.closedNow) return undefined;
    const { space: closedSpace, ...tally } = closed.summary;
    turnLogger(context, this.dependencies.logger).info(
      { space: closedSpace._id.toHexString(), ...tally },
      'teams meeting ended',
    );
    return closed.summary;
  }

  /**
   * Captures a meeting chat message when it is a question. A message before the start event
   * (the bot added mid-meeting) opens the space; after the end it still counts, as pending.
   */
  async messageReceived(
    context: TurnContext,
    options: { emergency?: boolean } = {},
  ): Promise<boolean> {
    const { activity } = context;
    const meetingId = meetingIdOf(activity);
    if (!meetingId || !activity.id) return false;
    const text = withoutBotMention(activity).replace(/\s+/g, ' ');
    // An emergency is captured even without a question's shape, as a Facebook Live comment is,
    // so that the staff following the session see it.
    if (!options.emergency && !isQuestion(text)) return false;
    const { models, liveQuestions } = this.dependencies;
    const space =
      (await spaceOfResource(models, { kind: 'teams-meeting', id: meetingId })) ??
      (await openSpaceForResource(
        models,
        { kind: 'teams-meeting', id: meetingId },
        { type: 'audiencia-publica', title: 'Reunión de Teams', origin: 'teams-meeting' },
      ));
    // The bot may have joined after the start: the first question tells where the chat is.
    await rememberTeamsMeetingChat(models, meetingId, activity.conversation.id);
    const receivedAt = activity.timestamp ? new Date(activity.timestamp) : new Date();
    const { question, created } = await liveQuestions.capture({
      space,
      text,
      channelId: 'msteams',
      origin: 'meeting-chat',
      submissionKey: meetingMessageKey(
        this.dependencies.pseudonymizer,
        activity.conversation.id,
        activity.id,
      ),
      receivedAt: Number.isNaN(receivedAt.getTime()) ? new Date() : receivedAt,
      conversationKey: { channelId: 'msteams', conversationId: activity.conversation.id },
    });
    turnLogger(context, this.dependencies.logger).info(
      {
        space: space._id.toHexString(),
        created,
        grouped: question.groupId !== null,
      },
      'meeting question captured',
    );
    return true;
  }
}
