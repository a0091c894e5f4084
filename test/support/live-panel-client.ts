import type {
  PanelGroup,
  PanelQuestion,
  PanelSpace,
  PanelTally,
} from '../../live/live-panel-views';
import { postActivity } from './activities';
import {
  meetingEventActivity,
  meetingMessage,
  type TeamsMeeting,
} from './teams-meeting-activities';

// The API's shapes as the server declares them: the tests hold the server to its own contract.
export type { PanelGroup, PanelQuestion, PanelSpace, PanelTally };

/** An error answer of the panel's API. */
export interface PanelErrorBody {
  error: { code: string; message: string; problems?: string[]; field?: string };
}

export interface SpaceQuestions {
  space: PanelSpace;
  tally: PanelTally;
  groups: PanelGroup[];
}

export interface PanelResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** The live panel's API over real HTTP, as the page calls it. */
export class LivePanelClient {
  /** `headers`: the signed-in staff member's `authorization` (test/support/staff-auth-issuer.ts). */
  constructor(
    private readonly botUrl: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  async get<T = unknown>(path: string): Promise<PanelResponse<T>> {
    const response = await fetch(`${this.botUrl}${path}`, { headers: this.headers });
    return {
      status: response.status,
      body: (await response.json()) as T,
      headers: response.headers,
    };
  }

  async post<T = unknown>(
    path: string,
    body: unknown = {},
    contentType = 'application/json',
  ): Promise<PanelResponse<T>> {
    const response = await fetch(`${this.botUrl}${path}`, {
      method: 'POST',
      headers: { ...this.headers, 'content-type': contentType },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return {
      status: response.status,
      body: (await response.json()) as T,
      headers: response.headers,
    };
  }

  async questions(spaceId: string): Promise<SpaceQuestions> {
    const { status, body } = await this.get<SpaceQuestions>(
      `/api/live/spaces/${spaceId}/questions`,
    );
    if (status !== 200) throw new Error(`questions of ${spaceId}: ${status}`);
    return body;
  }

  async spaces(): Promise<PanelSpace[]> {
    const { status, body } = await this.get<{ spaces: PanelSpace[] }>('/api/live/spaces');
    if (status !== 200) throw new Error(`spaces: ${status}`);
    return body.spaces;
  }

  async spaceOfTitle(title: string): Promise<PanelSpace> {
    const space = (await this.spaces()).find((candidate) => candidate.title === title);
    if (!space) throw new Error(`no space titled ${title}`);
    return space;
  }
}

/** Sends activities of a Teams meeting to the bot, as Teams does; the bot stays silent. */
export async function sendToMeeting(
  botUrl: string,
  meeting: TeamsMeeting,
  ...activities: ({ start: true } | { end: true } | string)[]
): Promise<void> {
  for (const item of activities) {
    const activity =
      typeof item === 'string'
        ? meetingMessage(meeting, item)
        : meetingEventActivity(meeting, 'start' in item ? 'start' : 'end');
    const { status } = await postActivity(botUrl, activity);
    if (status !== 200) throw new Error(`the bot answered ${status}`);
  }
}
