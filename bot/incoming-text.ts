import type { Activity } from 'botbuilder';

/**
 * What the user said: the typed text, or the text behind a card button (`value.text`, see
 * `submitAction`). Both arrive here the same way, so a button and its typed label always agree.
 */
export function incomingText(activity: Partial<Activity>): string {
  if (typeof activity.text === 'string' && activity.text.trim() !== '') return activity.text.trim();
  const value = activity.value as { text?: unknown } | undefined;
  if (value && typeof value.text === 'string') return value.text.trim();
  return '';
}
