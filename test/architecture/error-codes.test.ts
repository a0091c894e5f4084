import { ConfigError } from '../../bot/config';
import { WebChatConfigError } from '../../bot/http/direct-line-config';
import { httpStatusOf } from '../../bot/http/error-handler';
import { TurnDeferredError } from '../../bot/journal/turn-deferral';
import { AppError, errorCodes } from '../../kernel/errors';
import { KnowledgeBaseError } from '../../knowledge/knowledge-base';
import { QuestionChangedError } from '../../models/question';
import { ResourceAlreadyBoundError } from '../../models/space-bindings';
import { ChannelAlreadySetError, SpaceClosedError } from '../../models/space-editing';
import { TeamsPackageError } from '../../scripts/teams-package/teams-package';

/**
 * One catalogue (kernel/errors.ts): an operator who reads a code in a log finds one meaning, and
 * every error the product defines carries one.
 */
describe('the error catalogue', () => {
  it('when two failures are catalogued, then they never share a code', () => {
    const codes = Object.values(errorCodes);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('when a code reaches a route, then it has an HTTP status', () => {
    for (const code of Object.values(errorCodes)) expect(httpStatusOf(code)).toBeGreaterThan(0);
  });

  const resource = { kind: 'facebook-post', id: 'post-1' } as const;
  const defined: [string, string, AppError][] = [
    ['QuestionChangedError', errorCodes.questionChanged, new QuestionChangedError('ANM-0000-0000')],
    [
      'ResourceAlreadyBoundError',
      errorCodes.spaceResourceTaken,
      new ResourceAlreadyBoundError(resource),
    ],
    ['SpaceClosedError', errorCodes.spaceClosedToChannels, new SpaceClosedError(resource)],
    [
      'ChannelAlreadySetError',
      errorCodes.spaceChannelAlreadySet,
      new ChannelAlreadySetError(resource),
    ],
    [
      'KnowledgeBaseError',
      errorCodes.knowledgeBaseInvalid,
      new KnowledgeBaseError(['a.yaml: sin id']),
    ],
    ['TurnDeferredError', errorCodes.turnDeferred, new TurnDeferredError(new Error('down'))],
    ['ConfigError', errorCodes.configInvalid, new ConfigError(['PORT: inválido'])],
    [
      'WebChatConfigError',
      errorCodes.webChatConfigInvalid,
      new WebChatConfigError(['CHAT: inválido']),
    ],
    [
      'TeamsPackageError',
      errorCodes.teamsPackageInvalid,
      new TeamsPackageError(['falta el ícono'], 'No se creó'),
    ],
  ];

  it.each(defined)(
    'when the product throws a %s, then it is an application error with the code %s',
    (name, code, error) => {
      expect(error).toBeInstanceOf(AppError);
      expect([error.name, error.code]).toEqual([name, code]);
    },
  );

  it('when a failure that is handled before any route (a lost race on a question) escapes, then it is still answered 500, as before it had a code', () => {
    const handledBefore = [
      errorCodes.questionChanged,
      errorCodes.spaceResourceTaken,
      errorCodes.spaceClosedToChannels,
      errorCodes.spaceChannelAlreadySet,
      errorCodes.turnDeferred,
    ];
    expect(handledBefore.map(httpStatusOf)).toEqual(handledBefore.map(() => 500));
  });
});
