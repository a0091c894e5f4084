import type { QuestionDocument, QuestionStatus } from '../../models/question';
import { closedStatuses } from '../../models/question';
import { spaceTypeLabels, type SpaceDocument, type SpaceState } from '../../models/space';
import type { QuestionGroup, SpaceTally } from '../../models/space-questions';

/**
 * What the live panel may see. Least privilege: question text, channel, time, tracking code,
 * status and due date; never contact data, citizen keys, conversation or meeting ids. Every
 * field is picked by name so that a field added to a model never leaks here by default.
 */

export interface PanelSpace {
  id: string;
  title: string;
  typeLabel: string;
  state: SpaceState;
  openedAt: string | null;
  closedAt: string | null;
  /** Channels the space listens to: "msteams", "facebook". */
  channels: string[];
}

export interface PanelQuestion {
  id: string;
  text: string;
  channel: string;
  receivedAt: string;
  trackingCode: string;
  status: QuestionStatus;
  dueAt: string;
}

export interface PanelGroup {
  /** The id of the group's canonical question (the first asked). */
  id: string;
  text: string;
  status: QuestionStatus;
  askers: number;
  channels: string[];
  latestAt: string;
  /** The nearest legal due date among the askers still waiting; null when none waits. */
  dueAt: string | null;
  members: PanelQuestion[];
}

export interface PanelTally {
  captured: number;
  groups: number;
  answeredLive: number;
  pending: number;
  latestDueAt: string | null;
}

export function panelSpace(space: SpaceDocument): PanelSpace {
  const { bindings } = space;
  return {
    id: space._id.toHexString(),
    title: space.title,
    typeLabel: spaceTypeLabels[space.type],
    state: space.state,
    openedAt: space.openedAt?.toISOString() ?? null,
    closedAt: space.closedAt?.toISOString() ?? null,
    channels: [
      ...(bindings.teamsMeetingId ? ['msteams'] : []),
      ...(bindings.facebookLiveVideoId || bindings.facebookPostId ? ['facebook'] : []),
    ],
  };
}

export function panelQuestion(question: QuestionDocument): PanelQuestion {
  return {
    id: question._id.toHexString(),
    text: question.text,
    channel: question.channelId,
    receivedAt: question.receivedAt.toISOString(),
    trackingCode: question.trackingCode,
    status: question.status,
    dueAt: question.dueAt.toISOString(),
  };
}

export function panelGroup(group: QuestionGroup): PanelGroup {
  const waitingDue = group.members
    .filter((member) => !closedStatuses.includes(member.status))
    .map((member) => member.dueAt.getTime());
  return {
    id: group.id.toHexString(),
    text: group.canonical.text,
    status: group.status,
    askers: group.members.length,
    channels: [...new Set(group.members.map((member) => member.channelId))],
    latestAt: group.latestAt.toISOString(),
    dueAt: waitingDue.length > 0 ? new Date(Math.min(...waitingDue)).toISOString() : null,
    members: group.members.map(panelQuestion),
  };
}

export function panelTally(tally: SpaceTally): PanelTally {
  return {
    captured: tally.captured,
    groups: tally.groups,
    answeredLive: tally.answeredLive,
    pending: tally.pending,
    latestDueAt: tally.latestDueAt?.toISOString() ?? null,
  };
}
