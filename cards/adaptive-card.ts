import type { Attachment } from 'botbuilder';

/**
 * Typed builders for the Adaptive Card elements the bot uses. Teams renders schema 1.5 at most,
 * so every card declares 1.5; tests validate each card the bot sends against that schema.
 */
export const adaptiveCardVersion = '1.5';
export const adaptiveCardContentType = 'application/vnd.microsoft.card.adaptive';

type Spacing = 'None' | 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge';

export interface TextBlock {
  type: 'TextBlock';
  text: string;
  wrap: true;
  weight?: 'Lighter' | 'Default' | 'Bolder';
  size?: 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge';
  isSubtle?: boolean;
  color?: 'Default' | 'Dark' | 'Light' | 'Accent' | 'Good' | 'Warning' | 'Attention';
  spacing?: Spacing;
  separator?: boolean;
  style?: 'default' | 'heading';
}

export interface FactSet {
  type: 'FactSet';
  facts: { title: string; value: string }[];
  spacing?: Spacing;
}

export interface Container {
  type: 'Container';
  items: CardElement[];
  style?: 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';
  spacing?: Spacing;
  separator?: boolean;
}

export type CardElement = TextBlock | FactSet | Container;

/** Submit data shared by every channel: `text` is what the button means if it had been typed. */
export interface SubmitData {
  text: string;
  msteams: { type: 'imBack'; value: string };
  [key: string]: unknown;
}

export interface SubmitAction {
  type: 'Action.Submit';
  title: string;
  data: SubmitData;
}

export interface OpenUrlAction {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
}

export type CardAction = SubmitAction | OpenUrlAction;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  version: typeof adaptiveCardVersion;
  body: CardElement[];
  actions?: CardAction[];
}

export function adaptiveCard(body: CardElement[], actions: CardAction[] = []): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: adaptiveCardVersion,
    body,
    ...(actions.length > 0 ? { actions } : {}),
  };
}

export function textBlock(
  text: string,
  options: Omit<TextBlock, 'type' | 'text' | 'wrap'> = {},
): TextBlock {
  return { type: 'TextBlock', text, wrap: true, ...options };
}

export function heading(text: string): TextBlock {
  return textBlock(text, { weight: 'Bolder', size: 'Medium', style: 'heading' });
}

export function factSet(facts: { title: string; value: string }[]): FactSet {
  return { type: 'FactSet', facts };
}

/**
 * A button that behaves as if the user typed `text`: in Teams it posts the text (imBack); in
 * Web Chat the bot reads `value.text`. So typing the label always does the same as clicking.
 */
export function submitAction(
  title: string,
  text: string = title,
  extra: Record<string, unknown> = {},
): SubmitAction {
  return {
    type: 'Action.Submit',
    title,
    data: { ...extra, text, msteams: { type: 'imBack', value: text } },
  };
}

export function openUrlAction(title: string, url: string): OpenUrlAction {
  return { type: 'Action.OpenUrl', title, url };
}

export function cardAttachment(card: AdaptiveCard): Attachment {
  return { contentType: adaptiveCardContentType, content: card };
}
