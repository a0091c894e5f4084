import { randomUUID } from 'node:crypto';

import { SeededRandom } from '../../bench/live-burst/seeded-random';

export { SeededRandom };

/**
 * Generated hostile inputs for the HTTP edge: Bot Framework activities and Facebook Page
 * notifications, each derived from a valid one by a few seeded mutations (wrong types, huge
 * strings, deep nesting, `$` and dotted keys, unicode edge cases). Every generated serviceUrl is a
 * loopback address or not a URL at all, so nothing the bot does with it leaves this machine.
 */

const unicodeEdgeCases = [
  '\u0000',
  '\uD800', // a lone high surrogate
  '\uDFFF',
  '\u202E', // right-to-left override
  '\u200B\u200C\u200D\uFEFF',
  'n\u0303', // ñ as n + combining tilde
  '𝕬𝕹𝕸',
  '👷‍♀️⛏️🇨🇴',
  '\r\n\t\v\f',
  'Ａ Ｎ Ｍ', // full-width letters
  '¿¡'.repeat(50),
  '\u0301'.repeat(200), // combining accents with nothing to combine with
];

const hostileStrings = [
  '',
  ' ',
  'borrar '.repeat(5_000),
  'a'.repeat(60_000),
  'mis datos '.repeat(3_000),
  'ANM-'.repeat(2_000),
  '{"$ne": null}',
  '<script>alert(1)</script>',
  "'; db.dropDatabase(); //",
  '../../../../etc/passwd',
  '%00%2e%2e%2f',
  'constructor',
  '__proto__',
  'estado ANM-ABCD-EFGH retirar mi pregunta borrar mis datos recibir respuesta',
];

const loopbackServiceUrls = [
  'http://127.0.0.1:1/',
  'http://127.0.0.1:9/api/',
  'http://[::1]:1/',
  'http://localhost:1/',
  'not a url',
  '',
  'javascript:alert(1)',
  'file:///etc/passwd',
];

function hostileScalar(random: SeededRandom): unknown {
  switch (random.integer(0, 9 - 1)) {
    case 0:
      return random.pick(hostileStrings);
    case 1:
      return random.pick(unicodeEdgeCases).repeat(1 + random.integer(0, 20 - 1));
    case 2:
      return random.pick([0, -1, 1e308, -1e308, 0.5, Number.MAX_SAFE_INTEGER + 2]);
    case 3:
      return random.pick([true, false, null]);
    case 4:
      return [];
    case 5:
      return {};
    case 6:
      return { $ne: null };
    case 7:
      return { 'a.b': 1, $where: 'sleep(1000)' };
    default:
      return 'x'.repeat(random.integer(0, 300_000 - 1));
  }
}

/** Nested arrays or objects `depth` levels deep, built as text (JSON.stringify would recurse). */
function deeplyNestedJson(depth: number, random: SeededRandom): string {
  return random.chance(0.5)
    ? '['.repeat(depth) + ']'.repeat(depth)
    : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

type JsonObject = Record<string, unknown>;

function mutateObject(target: JsonObject, random: SeededRandom, mutations: number): void {
  const keys = Object.keys(target);
  for (let index = 0; index < mutations; index++) {
    const key = random.pick(keys.length > 0 ? keys : ['text']);
    switch (random.integer(0, 6 - 1)) {
      case 0:
        target[key] = hostileScalar(random);
        break;
      case 1:
        Reflect.deleteProperty(target, key);
        break;
      case 2:
        target[`$${key}`] = hostileScalar(random);
        break;
      case 3:
        target[`${key}.inner`] = hostileScalar(random);
        break;
      case 4: {
        const value = target[key];
        if (value && typeof value === 'object' && !Array.isArray(value))
          mutateObject(value as JsonObject, random, 1 + random.integer(0, 2 - 1));
        else target[key] = hostileScalar(random);
        break;
      }
      default:
        target[random.pick(unicodeEdgeCases)] = hostileScalar(random);
    }
  }
}

export interface FuzzRequest {
  target: 'messages' | 'webhook';
  /** The raw body; `signed` webhook bodies get a valid HMAC of these exact bytes. */
  body: string;
  contentType: string;
  signed: boolean;
}

function validActivity(random: SeededRandom, serviceUrl: string): JsonObject {
  const userId = `fuzz-user-${random.integer(0, 50 - 1)}`;
  return {
    type: random.pick(['message', 'message', 'conversationUpdate', 'invoke', 'event', 'typing']),
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    channelId: random.pick(['webchat', 'msteams', 'emulator', 'facebook', 'directline']),
    serviceUrl,
    from: { id: userId, name: 'Fuzz', role: 'user' },
    recipient: { id: 'anm-bot', name: 'ANM Bot', role: 'bot' },
    conversation: { id: `fuzz-conversation-${random.integer(0, 200 - 1)}`, isGroup: false },
    text: random.pick(['hola', '¿Qué es el canon superficiario?', 'mis preguntas', 'ayuda']),
    locale: 'es-CO',
  };
}

function validNotification(random: SeededRandom, pageId: string): JsonObject {
  const postId = `${pageId}_${String(1000 + random.integer(0, 50 - 1))}`;
  return {
    object: 'page',
    entry: [
      {
        id: pageId,
        time: Math.floor(Date.now() / 1000),
        changes: [
          {
            field: random.pick(['feed', 'feed', 'live_videos']),
            value: {
              from: {
                id: String(7_000_000_000_000 + random.integer(0, 1000 - 1)),
                name: 'Ana Fuzz',
              },
              post_id: postId,
              comment_id: `${postId}_${randomUUID()}`,
              message: '¿Cuándo responden las preguntas de la audiencia?',
              item: 'comment',
              verb: 'add',
              created_time: Math.floor(Date.now() / 1000),
              parent_id: postId,
              id: String(random.integer(0, 1_000_000 - 1)),
              status: random.pick(['live', 'live_stopped', 'processing']),
            },
          },
        ],
      },
    ],
  };
}

/** One generated request; `serviceUrl` is the local channel simulator's (kept in a few). */
export function fuzzRequest(
  random: SeededRandom,
  options: { serviceUrl: string; pageId: string },
): FuzzRequest {
  const target = random.chance(0.6) ? 'messages' : 'webhook';
  const contentType = random.chance(0.93)
    ? 'application/json'
    : random.pick([
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        '',
      ]);
  if (random.chance(0.04)) {
    return {
      target,
      body: deeplyNestedJson(1_000 + random.integer(0, 200_000 - 1), random),
      contentType,
      signed: true,
    };
  }
  if (random.chance(0.04)) {
    return {
      target,
      body: random.pick(['', 'null', '[]', '"text"', '{', '{"type":', '\u0000', '1e999999']),
      contentType,
      signed: random.chance(0.5),
    };
  }
  const document =
    target === 'messages'
      ? validActivity(
          random,
          random.chance(0.3) ? options.serviceUrl : random.pick(loopbackServiceUrls),
        )
      : validNotification(random, options.pageId);
  // A few stay valid, so that real turns and real captures run among the hostile requests.
  if (!random.chance(0.05)) mutateObject(document, random, 1 + random.integer(0, 4 - 1));
  return { target, body: JSON.stringify(document), contentType, signed: random.chance(0.9) };
}
