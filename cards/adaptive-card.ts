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

/** A text field; its value is sent with the card's submit actions, under its `id`. */
export interface InputText {
  type: 'Input.Text';
  id: string;
  label?: string;
  placeholder?: string;
  isMultiline?: boolean;
  maxLength?: number;
  spacing?: Spacing;
}

export type CardElement = TextBlock | FactSet | Container | InputText;

/** Submit data shared by every channel: `text` is what the button means if it had been typed. */
export interface SubmitData {
  text: string;
  msteams: { type: 'imBack'; value: string };
  [key: string]: unknown;
}

/**
 * Submit data that carries the card's inputs too. Teams sends inputs only without `msteams`
 * imBack, so these buttons do not post their text as a message; Web Chat and Teams both send the
 * data (and the inputs) as `value`, whose `text` the bot reads as if it had been typed.
 */
export interface InputSubmitData {
  text: string;
  [key: string]: unknown;
}

export interface SubmitAction {
  type: 'Action.Submit';
  title: string;
  data: SubmitData | InputSubmitData;
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

/** A button that sends the card's inputs with `text` (see `InputSubmitData`). */
export function inputSubmitAction(
  title: string,
  text: string = title,
  extra: Record<string, unknown> = {},
): SubmitAction {
  return { type: 'Action.Submit', title, data: { ...extra, text } };
}

export function inputText(id: string, options: Omit<InputText, 'type' | 'id'> = {}): InputText {
  return { type: 'Input.Text', id, ...options };
}

export function openUrlAction(title: string, url: string): OpenUrlAction {
  return { type: 'Action.OpenUrl', title, url };
}

export function cardAttachment(card: AdaptiveCard): Attachment {
  return { contentType: adaptiveCardContentType, content: card };
}
