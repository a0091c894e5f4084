import { parseCommand, type Command } from './commands';
import { isEmergencyReport } from './emergency';
import { smallTalkIntent, withoutLeadingGreeting, type SmallTalkIntent } from './small-talk';

/**
 * What a citizen's message asks for, in the order the bot weighs it: an emergency before
 * anything else, then a command, then small talk, and otherwise a question for the knowledge
 * base. The bot routes on it, and the answer benchmark measures the same decision.
 */
export type MessageIntent =
  | { kind: 'emergency' }
  | { kind: 'empty' }
  | { kind: 'command'; command: Command }
  | { kind: 'small-talk'; intent: SmallTalkIntent }
  | { kind: 'question'; question: string };

export function messageIntent(text: string): MessageIntent {
  if (isEmergencyReport(text)) return { kind: 'emergency' };
  if (text === '') return { kind: 'empty' };
  const command = parseCommand(text);
  if (command) return { kind: 'command', command };
  const intent = smallTalkIntent(text);
  if (intent) return { kind: 'small-talk', intent };
  return { kind: 'question', question: withoutLeadingGreeting(text) };
}
