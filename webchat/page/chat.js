/**
 * The citizens' web chat (/chat): asks this bot for a Direct Line token and renders Bot Framework
 * Web Chat (served at /chat/webchat.js). No inline script: the Content-Security-Policy forbids it.
 *
 * The conversation is kept in sessionStorage (its id, its token and where its Direct Line is), so
 * that a reload resumes it and closing the tab forgets it: on a shared computer (a library, an
 * internet café) the next person does not find the previous citizen's conversation, which may hold
 * a name or an e-mail. A citizen who comes back later follows a registered question with its code
 * ("estado ANM-…") or receives the answer where they asked for it. The watermark is not kept: a
 * reloaded page has lost what it showed, so it reads the conversation again from the start.
 */
'use strict';

(() => {
  const script = document.currentScript;
  // Web Chat inserts its styles at run time; the policy admits them by this nonce only.
  const styleNonce = script instanceof HTMLScriptElement ? script.nonce : '';
  const container = document.getElementById('webchat');
  const alertBox = document.getElementById('chat-alert');
  const restartButton = document.getElementById('new-conversation');
  const tokenUrl = container.dataset.tokenUrl;
  const storageKey = 'anm-chat-conversation';
  const noticeKey = 'anm-chat-notice';
  // directlinejs's ConnectionStatus values.
  const status = { online: 2, expiredToken: 3, failedToConnect: 4, ended: 5 };

  const storage = {
    read(key) {
      try {
        return window.sessionStorage.getItem(key);
      } catch {
        return null; // Storage blocked: the chat still works, without resuming.
      }
    },
    write(key, value) {
      try {
        window.sessionStorage.setItem(key, value);
      } catch {
        // Storage blocked or full: nothing to resume after a reload.
      }
    },
    remove(key) {
      try {
        window.sessionStorage.removeItem(key);
      } catch {
        // Nothing was kept.
      }
    },
  };

  function savedConversation() {
    try {
      const saved = JSON.parse(storage.read(storageKey) || 'null');
      if (
        saved &&
        typeof saved.conversationId === 'string' &&
        typeof saved.token === 'string' &&
        typeof saved.domain === 'string'
      ) {
        return saved;
      }
    } catch {
      // Not ours: start afresh.
    }
    storage.remove(storageKey);
    return undefined;
  }

  function showAlert(message) {
    alertBox.textContent = message;
    alertBox.hidden = false;
  }

  function hideAlert() {
    alertBox.hidden = true;
    alertBox.textContent = '';
  }

  // Set when the kept conversation is being dropped: the page's last save must not bring it back.
  let forgetting = false;

  function startAfresh(notice) {
    forgetting = true;
    storage.remove(storageKey);
    if (notice) storage.write(noticeKey, notice);
    window.location.reload();
  }

  async function newConversation() {
    const response = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      cache: 'no-store',
      credentials: 'same-origin',
    });
    if (!response.ok) throw new Error(`token request answered ${response.status}`);
    const grant = await response.json();
    return {
      token: grant.token,
      domain: grant.domain || new URL('/v3/directline', window.location.href).href,
    };
  }

  // The agency's blue (#1F4E79) on white: 9.4:1; every text colour here passes WCAG AA.
  const styleOptions = {
    accent: '#1F4E79',
    backgroundColor: '#FFFFFF',
    bubbleBackground: '#EEF3F8',
    bubbleBorderColor: '#8DA3BC',
    bubbleBorderRadius: 8,
    bubbleBorderWidth: 1,
    bubbleTextColor: '#1B1B1B',
    bubbleFromUserBackground: '#1F4E79',
    bubbleFromUserBorderColor: '#1F4E79',
    bubbleFromUserBorderRadius: 8,
    bubbleFromUserBorderWidth: 1,
    bubbleFromUserTextColor: '#FFFFFF',
    hideUploadButton: true,
    primaryFont:
      "'Segoe UI', system-ui, -apple-system, Roboto, 'Helvetica Neue', Arial, sans-serif",
    rootHeight: '100%',
    rootWidth: '100%',
    sendBoxButtonColor: '#1F4E79',
    sendBoxButtonColorOnHover: '#163A5C',
    sendBoxButtonColorOnFocus: '#163A5C',
    subtle: '#595959',
    suggestedActionBackgroundColor: '#FFFFFF',
    suggestedActionBorderColor: '#1F4E79',
    suggestedActionTextColor: '#1F4E79',
    timestampColor: '#595959',
  };

  function keepWhileOpen(directLine, conversation) {
    const keep = () => {
      if (!forgetting && directLine.conversationId && directLine.token) {
        storage.write(
          storageKey,
          JSON.stringify({
            conversationId: directLine.conversationId,
            token: directLine.token,
            domain: conversation.domain,
          }),
        );
      }
    };
    // directlinejs refreshes the token every 15 minutes; the kept copy follows it.
    window.setInterval(keep, 60_000);
    window.addEventListener('pagehide', keep);
    return keep;
  }

  async function start() {
    const saved = savedConversation();
    const conversation = saved || (await newConversation());
    const directLine = WebChat.createDirectLine({
      token: conversation.token,
      domain: conversation.domain,
      // Resuming: directlinejs asks for the conversation (GET) instead of starting one.
      conversationId: saved ? saved.conversationId : undefined,
      // The embedded Direct Line has no WebSocket stream: poll. The service streams.
      webSocket: !conversation.domain.startsWith(window.location.origin),
    });
    const keep = keepWhileOpen(directLine, conversation);
    let online = false;
    directLine.connectionStatus$.subscribe((connection) => {
      if (connection === status.online) {
        online = true;
        hideAlert();
        keep();
      } else if (
        connection === status.failedToConnect ||
        connection === status.ended ||
        (connection === status.expiredToken && !online)
      ) {
        if (saved && !online) {
          startAfresh('La conversación anterior ya no estaba disponible: empezamos una nueva.');
          return;
        }
        showAlert('Se perdió la conexión con el asistente. Use «Nueva conversación» para seguir.');
      }
    });
    container.textContent = '';
    WebChat.renderWebChat(
      { directLine, locale: 'es-ES', nonce: styleNonce, styleOptions },
      container,
    );
  }

  restartButton.addEventListener('click', () => startAfresh(undefined));
  const notice = storage.read(noticeKey);
  if (notice) {
    storage.remove(noticeKey);
    showAlert(notice);
  }
  start().catch(() => {
    container.textContent = '';
    showAlert('No pudimos conectar con el asistente. Intente de nuevo en unos minutos.');
  });
})();
