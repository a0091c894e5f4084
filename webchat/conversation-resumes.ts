import {
  advanceDirectLineResume,
  findDirectLineResume,
  forgetDirectLineResume,
  openDirectLineResume,
  type DirectLineResumeModel,
} from '../models/direct-line-resume';
import { errorCodes, RequestRefusal } from '../kernel/errors';
import { DirectLineResumeSecrets, resumeSecretPattern, sameResumeHash } from './direct-line-resume';

/** A resume secret as the page receives it, beside its token. */
export interface ResumeGrant {
  resume: string;
  /** Seconds the secret stays valid if the page does not come back before. */
  resume_expires_in: number;
}

export interface ConversationResumesDependencies {
  model: DirectLineResumeModel;
  secrets: DirectLineResumeSecrets;
  lifetimeSeconds: number;
  now: () => Date;
}

/** Every refusal reads the same: the page cannot tell (nor needs to) why it cannot come back. */
function cannotResume(): RequestRefusal {
  return new RequestRefusal(
    errorCodes.forbidden,
    'Esta conversación ya no se puede retomar desde este dispositivo.',
  );
}

/**
 * The embedded Direct Line's side of "come back later" (see webchat/direct-line-resume.ts): the
 * first secret of a conversation, its record when the conversation starts, the exchange of a
 * secret for the next one (the caller then issues a token), and revocation.
 */
export class ConversationResumes {
  constructor(private readonly dependencies: ConversationResumesDependencies) {}

  /** The first secret of a conversation not started yet (derived: nothing is stored). */
  first(conversationId: string, userId: string): ResumeGrant {
    return this.grant(this.dependencies.secrets.first(conversationId, userId));
  }

  /** Called once, by the request that started the conversation. */
  async open(conversationId: string, userId: string): Promise<void> {
    const { model, secrets } = this.dependencies;
    await openDirectLineResume(model, {
      _id: conversationId,
      userId,
      current: null,
      next: secrets.hash(secrets.first(conversationId, userId)),
      expiresAt: this.expiry(),
    });
  }

  /**
   * The user of the conversation and the next secret, for a secret of that conversation still
   * accepted; 403 for anything else (another conversation's secret, a forged, rotated, expired or
   * revoked one), so that nothing tells a prober which conversations exist.
   */
  async exchange(
    conversationId: string,
    presented: string,
  ): Promise<{ userId: string; grant: ResumeGrant }> {
    const { model, secrets, now } = this.dependencies;
    if (!resumeSecretPattern.test(presented)) throw cannotResume();
    const record = await findDirectLineResume(model, conversationId);
    if (!record || record.expiresAt.getTime() <= now().getTime()) throw cannotResume();
    const presentedHash = secrets.hash(presented);
    const isNext = sameResumeHash(presentedHash, record.next);
    if (!isNext && !sameResumeHash(presentedHash, record.current)) throw cannotResume();
    const successor = secrets.successor(presented);
    const advanced = await advanceDirectLineResume(model, conversationId, presentedHash, {
      current: isNext ? presentedHash : record.current,
      next: secrets.hash(successor),
      expiresAt: this.expiry(),
    });
    if (!advanced) throw cannotResume();
    return { userId: record.userId, grant: this.grant(successor) };
  }

  forget(conversationId: string): Promise<void> {
    return forgetDirectLineResume(this.dependencies.model, conversationId);
  }

  private grant(secret: string): ResumeGrant {
    return { resume: secret, resume_expires_in: this.dependencies.lifetimeSeconds };
  }

  private expiry(): Date {
    const { now, lifetimeSeconds } = this.dependencies;
    return new Date(now().getTime() + lifetimeSeconds * 1000);
  }
}
