import {
  departmentHearingsReply,
  municipalityHearingsReply,
  noHearingsReply,
} from '../cards/hearing-replies';
import type { Reply } from '../cards/reply';
import {
  hearingsInDepartment,
  hearingsInMunicipality,
  knownPlaces,
  type HearingModel,
} from '../models/hearing';
import { bogotaDate } from '../legal-terms/business-days';
import { placeKey } from '../models/place-names';
import { followsTopic, type ConversationTopic } from '../knowledge/retrieval/follow-up';
import {
  asksAboutHearings,
  findPlaceMention,
  placeWords,
  type KnownPlace,
} from '../dialogs/understanding/place-mention';

/**
 * The topic a calendar answer leaves in the conversation (the knowledge base's entry about the
 * calendar), so that a follow-up ("¿y en el Huila?", "¿y es gratis?") is read with it.
 */
export const hearingCalendarTopic = 'calendario-audiencias';

/**
 * The topic after a calendar answer: its subject, not the place asked about, so that "¿y eso qué
 * es?" or "¿y quién puede ir?" is read as a question about these hearings.
 */
export function calendarAnswerTopic(answeredAt: Date): ConversationTopic {
  return {
    question: 'audiencias de participación de terceros',
    entryId: hearingCalendarTopic,
    answeredAt: answeredAt.toISOString(),
  };
}

function capitalised(words: string): string {
  return words.replace(/\b\p{L}/gu, (letter) => letter.toUpperCase());
}

/**
 * Answers "¿cuándo es la audiencia en Pitalito?" and "¿hay audiencias en el Huila?" from the
 * imported calendar. Returns undefined for questions that are not about a place's hearings,
 * which the knowledge base then answers ("¿qué es una audiencia de terceros?").
 */
export class HearingLookup {
  constructor(
    private readonly model: HearingModel,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * What a follow-up of a calendar answer asks the calendar: "¿y en el Huila?" after "¿cuándo es
   * la audiencia en Pitalito?" asks for the Huila's hearings. Undefined when the message is not a
   * follow-up of a recent calendar answer or names no place of the calendar: the knowledge base
   * then reads it with the previous question as its topic ("¿y eso cuánto cuesta?").
   */
  async followUpQuestion(
    question: string,
    topic: ConversationTopic | undefined,
  ): Promise<string | undefined> {
    if (topic?.entryId !== hearingCalendarTopic || !followsTopic(question, topic, this.now()))
      return undefined;
    const mention = findPlaceMention(question, await knownPlaces(this.model));
    return mention ? `audiencias ${question}` : undefined;
  }

  async respond(question: string): Promise<Reply | undefined> {
    if (!asksAboutHearings(question)) return undefined;
    const mention = findPlaceMention(question, await knownPlaces(this.model));
    const today = bogotaDate(this.now());
    if (mention?.kind === 'municipio') {
      const hearings = await hearingsInMunicipality(
        this.model,
        placeKey(mention.municipio),
        placeKey(mention.departamento),
      );
      return municipalityHearingsReply(mention.municipio, mention.departamento, hearings, today);
    }
    if (mention?.kind === 'departamento') {
      const hearings = await hearingsInDepartment(this.model, placeKey(mention.departamento));
      return departmentHearingsReply(mention.departamento, hearings, today);
    }
    const words = placeWords(question);
    return words ? noHearingsReply(capitalised(words)) : undefined;
  }
}

/**
 * Whether the calendar lookup answers a question, given the calendar's places: what
 * `HearingLookup.respond` decides, without the database (the answer benchmark uses it).
 */
export function hearingLookupAnswers(question: string, places: KnownPlace[]): boolean {
  if (!asksAboutHearings(question)) return false;
  return findPlaceMention(question, places) !== undefined || placeWords(question) !== undefined;
}
