import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

import { projectRoot } from '../../kernel/project-root';

/**
 * The citizens' web chat page (`GET /chat`) and its files. The page is built per request: its
 * Content-Security-Policy carries a fresh nonce for the styles Web Chat inserts (emotion), which
 * the page script hands to Web Chat. No inline script: every script is a file of this list.
 */
export interface ChatPageSettings {
  privacyPolicyUrl: string;
  /** `frame-ancestors` sources besides 'self' (CHAT_ALLOWED_EMBEDDERS). */
  allowedEmbedders: readonly string[];
  /** The Direct Line service's origin in service mode (the page connects to it); else undefined. */
  serviceOrigin: string | undefined;
}

export interface ChatFile {
  body: Buffer;
  headers: Record<string, string>;
}

const script = 'text/javascript; charset=utf-8';

/**
 * The only files served under /chat/: a fixed list. Web Chat is its prebuilt, self-contained
 * bundle, read from node_modules (never copied into the repository, never from a CDN).
 */
const chatFiles: Record<string, { path: string[]; contentType: string; cacheable: boolean }> = {
  'chat.js': { path: ['webchat', 'page', 'chat.js'], contentType: script, cacheable: false },
  'chat.css': {
    path: ['webchat', 'page', 'chat.css'],
    contentType: 'text/css; charset=utf-8',
    cacheable: false,
  },
  'webchat.js': {
    path: ['node_modules', 'botframework-webchat', 'dist', 'webchat.js'],
    contentType: script,
    cacheable: true,
  },
};

export const chatFileNames: readonly string[] = Object.keys(chatFiles);

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** CSP source of an inline element whose content is empty. */
const emptyStyleHash = `sha256-${createHash('sha256').update('').digest('base64')}`;

export function chatPageHeaders(settings: ChatPageSettings, nonce: string): Record<string, string> {
  const service = settings.serviceOrigin;
  const connect = service ? [service, service.replace(/^http/, 'ws')] : [];
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': [
      "default-src 'none'",
      "script-src 'self'",
      // Web Chat inserts its styles at run time, each <style> with this nonce, except one: its
      // scroller (react-scroll-to-bottom) adds an empty <style> without it and fills it through
      // the CSSOM, which no policy governs. The hash admits that empty element and nothing else:
      // it is the SHA-256 of the empty string, so no injected <style> with a rule in it matches.
      `style-src 'self' 'nonce-${nonce}' '${emptyStyleHash}'`,
      // blob: for the spinner and typing animations, which Web Chat turns into blob URLs; only a
      // script of the page (script-src 'self') can make one.
      "img-src 'self' data: blob:",
      ['connect-src', "'self'", ...connect].join(' '),
      "base-uri 'none'",
      "form-action 'none'",
      ['frame-ancestors', "'self'", ...settings.allowedEmbedders].join(' '),
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'permissions-policy': 'camera=(), microphone=(), geolocation=()',
    // Built per request (the nonce): never reused from a cache.
    'cache-control': 'no-store',
  };
}

/** A fresh nonce per page: 128 random bits. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

export function chatPageHtml(settings: ChatPageSettings, nonce: string): string {
  const privacy = escapeHtml(settings.privacyPolicyUrl);
  return `<!doctype html>
<html lang="es">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Asistente de la Agencia Nacional de Minería</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/chat/chat.css">
<script src="/chat/webchat.js" defer></script>
<script src="/chat/chat.js" defer nonce="${nonce}"></script>
</head>
<body>
<header class="chat-header">
<h1>Asistente de la Agencia Nacional de Minería</h1>
<p>Responde preguntas sobre minería y trámites de la ANM. Si no sabe la respuesta, registra su pregunta para que la ANM le responda por escrito.</p>
<p>Sus datos personales solo se guardan si usted lo autoriza (Ley 1581 de 2012); escriba «borrar mis datos» cuando quiera. <a href="${privacy}" target="_blank" rel="noopener">Política de datos personales</a>. Emergencia minera: línea 123.</p>
<p>Guardamos esta conversación en este dispositivo para mostrarle aquí las respuestas que lleguen después. <button type="button" id="forget-conversation">Olvidar esta conversación en este dispositivo</button></p>
</header>
<main class="chat-main">
<div id="chat-alert" class="chat-alert" role="alert" hidden></div>
<div id="chat-notice" class="chat-notice" role="status" hidden></div>
<div id="webchat" class="chat-webchat" data-token-url="/api/directline/token">
<p class="chat-status">Conectando con el asistente…</p>
<noscript><p class="chat-status">Para usar el chat, active JavaScript en su navegador.</p></noscript>
</div>
</main>
</body>
</html>
`;
}

interface LoadedFile {
  body: Buffer;
  gzipped: Buffer | undefined;
  etag: string;
}

const loaded = new Map<string, Promise<LoadedFile>>();

async function load(name: string, file: { path: string[]; cacheable: boolean }) {
  const body = await readFile(path.join(projectRoot(), ...file.path));
  // Web Chat's bundle is ~3.9 MB; compressed once, it travels as ~1 MB.
  const gzipped = file.cacheable ? await promisify(gzip)(body) : undefined;
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  return { body, gzipped, etag, name };
}

/**
 * One file of /chat/, or undefined when the name is not on the list. Web Chat's bundle is read
 * and compressed once and served with an ETag (304 when the browser has it) and gzip when the
 * browser accepts it; the page's own files are read each time (they change with a deployment).
 */
export async function readChatFile(
  name: string,
  request: { acceptsGzip: boolean; ifNoneMatch: string | undefined },
): Promise<(ChatFile & { status: number }) | undefined> {
  const file = Object.hasOwn(chatFiles, name) ? chatFiles[name] : undefined;
  if (!file) return undefined;
  const headers: Record<string, string> = {
    'content-type': file.contentType,
    'x-content-type-options': 'nosniff',
  };
  if (!file.cacheable) {
    const body = await readFile(path.join(projectRoot(), ...file.path));
    return { status: 200, body, headers: { ...headers, 'cache-control': 'no-cache' } };
  }
  let loading = loaded.get(name);
  if (!loading) {
    loading = load(name, file);
    loaded.set(name, loading);
    // A failed read is not kept: the next request tries again.
    void loading.catch(() => loaded.delete(name));
  }
  const { body, gzipped, etag } = await loading;
  Object.assign(headers, {
    etag,
    'cache-control': 'public, max-age=3600',
    vary: 'accept-encoding',
  });
  if (request.ifNoneMatch === etag) return { status: 304, body: Buffer.alloc(0), headers };
  if (gzipped && request.acceptsGzip) {
    return { status: 200, body: gzipped, headers: { ...headers, 'content-encoding': 'gzip' } };
  }
  return { status: 200, body, headers };
}
