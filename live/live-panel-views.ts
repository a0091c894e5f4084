import { legalTermDays, petitionKinds, type PetitionKind } from '../legal-terms/legal-terms';
import type { QuestionDocument, QuestionStatus } from '../models/question';
import { closedStatuses } from '../models/question';
import {
  spaceTypeLabels,
  spaceTypes,
  type SpaceBindings,
  type SpaceDocument,
  type SpaceState,
  type SpaceType,
} from '../models/space';
import type { QuestionGroup, SpaceTally } from '../models/space-questions';

/**
 * What the live panel may see. Least privilege: question text, channel, time, tracking code,
 * status and due date; never contact data, citizen keys or conversation ids. A space shows what
 * staff typed about it, including the ids of the meeting, live video and post it listens to, so
 * that they can check and complete them. Every field is picked by name so that a field added to
 * a model never leaks here by default.
 */

export interface PanelSpace {
  id: string;
  title: string;
  type: SpaceType;
  typeLabel: string;
  state: SpaceState;
  responsibleArea: string | null;
  municipality: string | null;
  department: string | null;
  scheduledAt: string | null;
  openedAt: string | null;
  closedAt: string | null;
  petitionKind: PetitionKind;
  /** How many people took part, as staff recorded it; null until they do. */
  participants: number | null;
  /** Opened by the bot by itself: staff still have to complete its details. */
  needsCompletion: boolean;
  /** Channels the space listens to: "msteams", "facebook". */
  channels: string[];
  channelIds: SpaceBindings;
}

export interface SpaceFormOptions {
  types: { value: SpaceType; label: string }[];
  petitionKinds: { value: PetitionKind; label: string }[];
}

const petitionKindNames: Record<PetitionKind, string> = {
  'peticion-general': 'Petición general',
  documentos: 'Petición de documentos o información',
  consulta: 'Consulta',
};

/** The choices of the form where staff schedule or complete a space. */
export function spaceFormOptions(): SpaceFormOptions {
  return {
    types: spaceTypes.map((type) => ({ value: type, label: spaceTypeLabels[type] })),
    petitionKinds: petitionKinds.map((kind) => ({
      value: kind,
      label: `${petitionKindNames[kind]} (${legalTermDays(kind)} días hábiles)`,
    })),
  };
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
    type: space.type,
    typeLabel: spaceTypeLabels[space.type],
    state: space.state,
    responsibleArea: space.responsibleArea,
    municipality: space.municipality,
    department: space.department,
    scheduledAt: space.scheduledAt?.toISOString() ?? null,
    openedAt: space.openedAt?.toISOString() ?? null,
    closedAt: space.closedAt?.toISOString() ?? null,
    petitionKind: space.petitionKind,
    participants: space.participants ?? null,
    needsCompletion: space.needsCompletion,
    channels: [
      ...(bindings.teamsMeetingId ? ['msteams'] : []),
      ...(bindings.facebookLiveVideoId || bindings.facebookPostId ? ['facebook'] : []),
    ],
    channelIds: {
      teamsMeetingId: bindings.teamsMeetingId ?? null,
      facebookLiveVideoId: bindings.facebookLiveVideoId ?? null,
      facebookPostId: bindings.facebookPostId ?? null,
    },
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
