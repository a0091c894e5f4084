import { renderReply } from '../cards/reply';
import type { ConversationReferenceStore } from '../models/conversation-reference';
import { teamsMeetingChatOf, type SpaceModels } from '../models/space';
import type { ProactiveSender } from '../kernel/proactive-sender';
import { describeError, type Logger } from '../kernel/logger';
import { sessionSummaryOf, type SessionSummary, type SummaryWording } from './session-closing';

/**
 * posted: the summary is in the meeting chat; not-a-teams-meeting: the space has no meeting
 * chat to post in (Facebook Live); meeting-chat-unknown: the bot never heard from the meeting's
 * chat; failed: the channel refused it.
 */
export type Announcement = 'posted' | 'not-a-teams-meeting' | 'meeting-chat-unknown' | 'failed';

/** Tells the session's audience that it closed. */
export interface SessionAnnouncer {
  sessionClosed(summary: SessionSummary): Promise<Announcement>;
}

export interface MeetingChatAnnouncerDependencies extends SummaryWording {
  models: SpaceModels;
  references: Pick<ConversationReferenceStore, 'find'>;
  sender: ProactiveSender;
  logger: Logger;
}

/** Posts the end-of-session summary in the chat of the Teams meeting the space is bound to. */
export class MeetingChatAnnouncer implements SessionAnnouncer {
  constructor(private readonly dependencies: MeetingChatAnnouncerDependencies) {}

  async sessionClosed(summary: SessionSummary): Promise<Announcement> {
    const { models, references, sender, logger } = this.dependencies;
    const { space } = summary;
    if (!space.bindings.teamsMeetingId) return 'not-a-teams-meeting';
    const log = logger.child({ space: space._id.toHexString() });
    const conversationId = await teamsMeetingChatOf(models, space);
    const reference = conversationId && (await references.find('msteams', conversationId));
    if (!reference) {
      log.warn('no conversation reference for the meeting chat: summary not posted');
      return 'meeting-chat-unknown';
    }
    try {
      await sender.send(
        reference,
        renderReply(sessionSummaryOf(summary, this.dependencies), 'msteams'),
      );
    } catch (error) {
      log.error(describeError(error), 'session summary could not be posted in the meeting chat');
      return 'failed';
    }
    log.info('session summary posted in the meeting chat');
    return 'posted';
  }
}
