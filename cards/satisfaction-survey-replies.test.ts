import { validateAdaptiveCard } from '../test/support/adaptive-card-validator';
import { quickReplyLimits } from './channel-support';
import { satisfactionSurveyActivity } from './satisfaction-survey-replies';

const survey = {
  surveyId: '65f1a2b3c4d5e6f7a8b9c0d1',
  trackingCode: 'ANM-7K3M-Q9XD',
  commentMaxLength: 500,
};

describe('the satisfaction survey, per channel', () => {
  it.each(['msteams', 'webchat', 'emulator'])(
    'when the channel is %s, then the survey is a valid Adaptive Card 1.5 whose buttons send the rating with the comment field',
    (channelId) => {
      const card = satisfactionSurveyActivity(survey, channelId).attachments?.[0]?.content as {
        body: { type: string; id?: string; maxLength?: number }[];
        actions: { type: string; title: string; data: Record<string, unknown> }[];
      };
      expect(validateAdaptiveCard(card)).toEqual([]);
      expect(card.body.find((element) => element.type === 'Input.Text')).toMatchObject({
        id: 'satisfactionComment',
        maxLength: 500,
      });
      // No `msteams` imBack: Teams then posts the card's inputs with the button's data.
      expect(card.actions.map((action) => [action.title, action.data])).toEqual(
        ['1', '2', '3', '4', '5'].map((rating) => [
          rating,
          { text: rating, satisfactionSurveyId: survey.surveyId },
        ]),
      );
    },
  );

  it('when the channel is Messenger, then the survey is text with quick replies within its limits', () => {
    const activity = satisfactionSurveyActivity(survey, 'facebook');
    expect(activity.attachments).toBeUndefined();
    expect(activity.text).toContain('¿Cómo califica la respuesta a su pregunta ANM-7K3M-Q9XD?');
    const titles = activity.suggestedActions?.actions.map((action) => action.title) ?? [];
    expect(titles).toEqual(['1', '2', '3', '4', '5', 'Omitir']);
    expect(titles.length).toBeLessThanOrEqual(quickReplyLimits.count);
    for (const title of titles)
      expect(title.length).toBeLessThanOrEqual(quickReplyLimits.titleLength);
  });
});
