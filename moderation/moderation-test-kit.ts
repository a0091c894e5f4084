import { randomUUID } from 'node:crypto';

import type { StaffRef } from '../kernel/staff-identity';
import { dueDate } from '../legal-terms/legal-terms';
import { registerQuestion, type NewQuestion, type QuestionDocument } from '../models/question';
import { openTestDatabase, type TestDatabase } from '../test/support/test-database';
import type { DraftSuggester } from './draft-suggester';
import { ModerationService } from './moderation-service';

/** What the moderation tests share: a real FerretDB database, a fixed clock, two moderators. */

export const ana: StaffRef = { subject: 'oid-ana-0001', name: 'Ana Moderadora' };
export const bruno: StaffRef = { subject: 'oid-bruno-0002', name: 'Bruno Revisor' };

/** A Tuesday; its 15-business-day term ends on 2026-12-23 (8 December is a holiday). */
export const receivedAt = new Date('2026-12-01T15:00:00Z');

export function newQuestion(overrides: Partial<NewQuestion> = {}): NewQuestion {
  const received = overrides.receivedAt ?? receivedAt;
  const kind = overrides.petitionKind ?? 'peticion-general';
  return {
    submissionKey: `webchat:${randomUUID()}`,
    text: '¿Cuánto se paga de regalías por el carbón en mi municipio?',
    channelId: 'webchat',
    spaceId: null,
    petitionKind: kind,
    receivedAt: received,
    dueAt: dueDate(received, kind),
    consentId: 'consent:test',
    contact: { name: 'Camila Ríos', email: 'camila@correo.test' },
    citizenKey: `citizen-${randomUUID()}`,
    conversationKey: { channelId: 'webchat', conversationId: `conv-${randomUUID()}` },
    ...overrides,
  };
}

export class TestClock {
  constructor(public current: Date) {}
  readonly now = (): Date => this.current;
  set(iso: string): void {
    this.current = new Date(iso);
  }
}

export interface ModerationFixture {
  database: TestDatabase;
  service: ModerationService;
  clock: TestClock;
  register(overrides?: Partial<NewQuestion>): Promise<QuestionDocument>;
  close(): Promise<void>;
}

export async function openModerationFixture(
  options: { suggester?: DraftSuggester; now?: string } = {},
): Promise<ModerationFixture> {
  const database = await openTestDatabase();
  const clock = new TestClock(new Date(options.now ?? '2026-12-02T14:00:00Z'));
  const service = new ModerationService({
    models: database.models,
    suggester: options.suggester,
    now: clock.now,
  });
  await service.start();
  return {
    database,
    service,
    clock,
    async register(overrides = {}) {
      const { question } = await registerQuestion(database.models, newQuestion(overrides));
      // As the bot does in production, the queue learns of it from the change feed.
      return question;
    },
    async close() {
      await service.stop();
      await database.close();
    },
  };
}
