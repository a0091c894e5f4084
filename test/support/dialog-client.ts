import { randomUUID } from 'node:crypto';

import { ConversationState, UserState, type Activity } from 'botbuilder';
import type { Dialog } from 'botbuilder-dialogs';
import { DialogTestClient } from 'botbuilder-testing';

import { Pseudonymizer } from '../../kernel/pseudonym';
import { MongoStateStorage } from '../../models/bot-state-storage';
import type { Models } from '../../models/registry';

/** A channel without cards: every reply arrives as text, as Messenger shows it. */
export const textChannel = 'facebook';

export const testPrivacyPolicyUrl = 'https://privacidad.example.gov.co/politica';

/** The pseudonymous key the dialogs store for a citizen of the text channel (see citizenKeyOf). */
export function citizenKeyIn(world: DialogWorld, citizen: TestCitizen = testCitizen): string {
  return world.pseudonymizer.pseudonym(`${textChannel}:${citizen.userId}`);
}

/** What bot/app.ts gives the dialogs, built on a test database's real models. */
export interface DialogWorld {
  models: Models;
  pseudonymizer: Pseudonymizer;
  conversationState: ConversationState;
  userState: UserState;
}

export function dialogWorld(models: Models): DialogWorld {
  // A secret per world: citizens of one test never share a pseudonym with another test's.
  const pseudonymizer = new Pseudonymizer(randomUUID());
  const storage = new MongoStateStorage(models, pseudonymizer);
  return {
    models,
    pseudonymizer,
    conversationState: new ConversationState(storage),
    userState: new UserState(storage),
  };
}

/** Who writes in a one-to-one chat on the text channel. */
export interface TestCitizen {
  userId: string;
  conversationId: string;
}

export const testCitizen: TestCitizen = { userId: 'citizen-1', conversationId: 'chat-1' };

/**
 * Drives one dialog turn by turn, as `DialogTestClient` does, with its dialog state in the
 * world's conversation state (stored in the database, as in the app).
 */
export class DialogTurns {
  readonly client: DialogTestClient;

  constructor(
    world: DialogWorld,
    dialog: Dialog,
    options?: unknown,
    private readonly citizen: TestCitizen = testCitizen,
  ) {
    this.client = new DialogTestClient(textChannel, dialog, options, [], world.conversationState);
  }

  /** What the citizen reads after writing `text`: every reply of the turn, in order. */
  async say(text: string): Promise<string[]> {
    const replies: string[] = [];
    let reply = (await this.client.sendActivity({
      type: 'message',
      text,
      from: { id: this.citizen.userId, name: '' },
      conversation: {
        id: this.citizen.conversationId,
        isGroup: false,
        conversationType: 'personal',
        name: '',
      },
    })) as Partial<Activity> | undefined;
    while (reply) {
      replies.push(reply.text ?? '');
      reply = this.client.getNextReply();
    }
    return replies;
  }

  /** The status of the dialog after the last turn: "waiting", "complete" or "cancelled". */
  get status(): string {
    return this.client.dialogTurnResult.status;
  }

  get result(): unknown {
    return this.client.dialogTurnResult.result as unknown;
  }
}
