import type { Types } from 'mongoose';

import {
  findQuestionSpace,
  findQuestionSpaces,
  QuestionChangedError,
  type QuestionModels,
} from '../models/question';
import { findSpace, type SpaceDocument } from '../models/space';
import type { QuestionAuthor } from '../models/question-events';
import {
  groupQuestions,
  markAnsweredLive,
  mergeGroups,
  spaceQuestions,
  splitFromGroup,
  tallySpace,
  type QuestionGroup,
} from '../models/space-questions';
import { errorCodes, RequestRefusal } from '../kernel/errors';
import type { Logger } from '../kernel/logger';
import type { StaffRef } from '../kernel/staff-identity';
import {
  jsonBodyOf,
  objectIdOf,
  requireOpen,
  type JsonResponse,
  type LivePanelRequest,
} from './live-panel-requests';
import { completeSpace, listSpaces, scheduleSpace, spaceInputOf } from './live-panel-spaces';
import { panelGroup, panelSpace, panelTally, spaceFormOptions } from './live-panel-views';
import type { SessionAnnouncer } from './meeting-chat-announcer';
import { closeSession, type SessionClosingModels } from './session-closing';

/** The panel's operations; the HTTP edge maps each route to one of them. */
export type LivePanelAction =
  | 'list-spaces'
  | 'space-form-options'
  | 'schedule-space'
  | 'update-space-details'
  | 'space-questions'
  | 'answered-live'
  | 'merge-groups'
  | 'split-question'
  | 'close-space';

export interface LivePanelApiDependencies {
  models: SessionClosingModels & QuestionModels;
  announcer: SessionAnnouncer;
  logger: Logger;
  now?: () => Date;
}

const maxMergedQuestions = 100;

/** A result answered with 201 Created rather than 200. */
class Created {
  constructor(readonly body: unknown) {}
}

/**
 * The live panel's API, knowing nothing of HTTP servers: it receives route parameters and the
 * raw body, and returns a status and a JSON body. A request at fault is refused with a
 * `RequestRefusal` (a code from kernel/errors.ts and a Spanish sentence); the edge answers every
 * failure (bot/http/error-handler.ts). Repeating an action is harmless: an answered group stays
 * answered, a merged group merged, a closed space closed (and its summary is announced once).
 */
export class LivePanelApi {
  /** Changes to one space run one after another on this instance (two staff clicking at once). */
  private readonly spaceQueues = new Map<string, Promise<void>>();

  constructor(private readonly dependencies: LivePanelApiDependencies) {}

  /** The action's result; a failure is thrown (a `RequestRefusal` when the request is at fault). */
  async handle(action: LivePanelAction, request: LivePanelRequest): Promise<JsonResponse> {
    try {
      const result = await this.run(action, request);
      return result instanceof Created
        ? { status: 201, body: result.body }
        : { status: 200, body: result };
    } catch (error) {
      if (error instanceof QuestionChangedError) {
        throw new RequestRefusal(
          errorCodes.changedMeanwhile,
          'La pregunta cambió mientras la actualizábamos. Intente de nuevo.',
        );
      }
      throw error;
    }
  }

  private async run(action: LivePanelAction, request: LivePanelRequest): Promise<unknown> {
    switch (action) {
      case 'list-spaces':
        return { spaces: await listSpaces(this.dependencies.models, this.now()) };
      case 'space-form-options':
        return spaceFormOptions();
      case 'schedule-space':
        return this.scheduleSpace(jsonBodyOf(request), request.staff);
      case 'update-space-details': {
        const body = jsonBodyOf(request);
        return this.updateSpaceDetails(
          objectIdOf(request.params.spaceId, 'El identificador de la sesión'),
          body,
          request.staff,
        );
      }
      case 'space-questions':
        return this.spaceQuestions(
          objectIdOf(request.params.spaceId, 'El identificador de la sesión'),
        );
      case 'answered-live': {
        jsonBodyOf(request);
        const questionId = objectIdOf(request.params.questionId, 'El identificador de la pregunta');
        return this.changeGroup(questionId, () =>
          markAnsweredLive(this.dependencies.models, questionId, staffAuthor(request.staff)),
        );
      }
      case 'split-question': {
        jsonBodyOf(request);
        const questionId = objectIdOf(request.params.questionId, 'El identificador de la pregunta');
        return this.changeGroup(questionId, (group) =>
          group.members.length > 1
            ? splitFromGroup(this.dependencies.models, questionId, staffAuthor(request.staff))
            : Promise.resolve(group),
        );
      }
      case 'merge-groups':
        return this.mergeGroups(jsonBodyOf(request), request.staff);
      case 'close-space': {
        jsonBodyOf(request);
        return this.closeSpace(
          objectIdOf(request.params.spaceId, 'El identificador de la sesión'),
          request.staff,
        );
      }
    }
  }

  private async scheduleSpace(body: Record<string, unknown>, staff: StaffRef) {
    const space = await scheduleSpace(this.dependencies.models, spaceInputOf(body));
    this.dependencies.logger.info(
      { space: space.id, staff: staff.subject },
      'live panel scheduled a space',
    );
    return new Created({ space });
  }

  private async updateSpaceDetails(
    spaceId: Types.ObjectId,
    body: Record<string, unknown>,
    staff: StaffRef,
  ) {
    const input = spaceInputOf(body);
    const space = await this.serially(spaceId, () =>
      completeSpace(this.dependencies.models, spaceId, input),
    );
    this.dependencies.logger.info(
      { space: space.id, staff: staff.subject },
      'live panel saved the details of a space',
    );
    return { space };
  }

  private async spaceQuestions(spaceId: Types.ObjectId) {
    const { models } = this.dependencies;
    const space = await findSpace(models, spaceId);
    if (!space) throw new RequestRefusal(errorCodes.notFound, 'No encontramos esa sesión.');
    const questions = await spaceQuestions(models, spaceId);
    return {
      space: panelSpace(space),
      tally: panelTally(tallySpace(questions)),
      groups: groupQuestions(questions).map(panelGroup),
    };
  }

  /** The question's space, which must be open; the change runs in that space's queue. */
  private async changeGroup(
    questionId: Types.ObjectId,
    change: (group: QuestionGroup) => Promise<QuestionGroup | undefined>,
  ) {
    const space = await this.openSpaceOfQuestion(questionId);
    return this.serially(space._id, async () => {
      const group = groupQuestions(await spaceQuestions(this.dependencies.models, space._id)).find(
        (candidate) => candidate.members.some((member) => member._id.equals(questionId)),
      );
      const changed = group && (await change(group));
      if (!changed) throw new RequestRefusal(errorCodes.notFound, 'No encontramos esa pregunta.');
      return { group: panelGroup(changed) };
    });
  }

  private async openSpaceOfQuestion(questionId: Types.ObjectId): Promise<SpaceDocument> {
    const { models } = this.dependencies;
    const question = await findQuestionSpace(models.questions, questionId);
    if (!question) throw new RequestRefusal(errorCodes.notFound, 'No encontramos esa pregunta.');
    const space = question.spaceId && (await findSpace(models, question.spaceId));
    if (!space) {
      throw new RequestRefusal(
        errorCodes.notFound,
        'Esa pregunta no pertenece a una sesión en vivo.',
      );
    }
    requireOpen(space);
    return space;
  }

  private async mergeGroups(body: Record<string, unknown>, staff: StaffRef) {
    const targetId = objectIdOf(body.targetQuestionId, 'El campo "targetQuestionId"');
    const { questionIds } = body;
    if (
      !Array.isArray(questionIds) ||
      questionIds.length === 0 ||
      questionIds.length > maxMergedQuestions
    ) {
      throw new RequestRefusal(
        errorCodes.invalidBody,
        `El campo "questionIds" debe ser una lista de 1 a ${maxMergedQuestions} identificadores de preguntas.`,
      );
    }
    const otherIds = questionIds.map((id, index) =>
      objectIdOf(id, `El elemento ${index + 1} de "questionIds"`),
    );
    const space = await this.openSpaceOfQuestion(targetId);
    const found = await findQuestionSpaces(this.dependencies.models.questions, otherIds);
    if (
      new Set(found.map((question) => question._id.toHexString())).size <
      new Set(otherIds.map(String)).size
    ) {
      throw new RequestRefusal(
        errorCodes.notFound,
        'No encontramos una de las preguntas que quiere agrupar.',
      );
    }
    if (found.some((question) => !question.spaceId?.equals(space._id))) {
      throw new RequestRefusal(
        errorCodes.differentSpaces,
        'Solo se pueden agrupar preguntas de la misma sesión.',
      );
    }
    return this.serially(space._id, async () => {
      const merged = await mergeGroups(
        this.dependencies.models,
        targetId,
        otherIds,
        staffAuthor(staff),
      );
      if (!merged) throw new RequestRefusal(errorCodes.notFound, 'No encontramos esa pregunta.');
      return { group: panelGroup(merged) };
    });
  }

  private async closeSpace(spaceId: Types.ObjectId, staff: StaffRef) {
    const { models, announcer, logger } = this.dependencies;
    const space = await findSpace(models, spaceId);
    if (!space) throw new RequestRefusal(errorCodes.notFound, 'No encontramos esa sesión.');
    if (space.state === 'scheduled') {
      throw new RequestRefusal(errorCodes.spaceNotOpen, 'La sesión todavía no ha empezado.');
    }
    return this.serially(spaceId, async () => {
      const closed = await closeSession(models, spaceId, this.now());
      if (!closed) throw new RequestRefusal(errorCodes.notFound, 'No encontramos esa sesión.');
      const { summary, closedNow } = closed;
      const announcement = closedNow ? await announcer.sessionClosed(summary) : 'already-closed';
      logger.info(
        { space: spaceId.toHexString(), closedNow, announcement, staff: staff.subject },
        'live panel closed a session',
      );
      return {
        space: panelSpace(summary.space),
        tally: panelTally(summary),
        closedNow,
        announcement,
      };
    });
  }

  private serially<T>(spaceId: Types.ObjectId, work: () => Promise<T>): Promise<T> {
    const key = spaceId.toHexString();
    const previous = this.spaceQueues.get(key) ?? Promise.resolve();
    const result = previous.then(work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.spaceQueues.set(key, tail);
    void tail.then(() => {
      if (this.spaceQueues.get(key) === tail) this.spaceQueues.delete(key);
    });
    return result;
  }

  private now(): Date {
    return (this.dependencies.now ?? (() => new Date()))();
  }
}

/** What a question's history records of a staff member acting from the panel. */
function staffAuthor(staff: StaffRef): QuestionAuthor {
  return { actor: 'staff', staff };
}
