/**
 * The citizens' web chat (/chat): asks this bot for a Direct Line token and renders Bot Framework
 * Web Chat (served at /chat/webchat.js). No inline script: the Content-Security-Policy forbids it.
 *
 * Come back later: the conversation is kept in localStorage, so that a citizen who registered a
 * question and comes back days later (the answer is due in up to 30 business days) finds it, with
 * the official answer delivered to it meanwhile. What is kept is the conversation id, where its
 * Direct Line is, and a resume secret (never a token: tokens last minutes). On each visit the page
 * trades the secret for a fresh token and the secret's successor
 * (`POST …/conversations/{id}/resume`), then resumes as Direct Line does, with the conversation id
 * and that token. The watermark is not kept: Web Chat keeps no transcript between visits, so the
 * page reads the conversation from its start, which is the whole of it. A token that lapses while
 * the page is open (a computer asleep) is replaced the same way, by a reload.
 *
 * On a shared computer the next person would find the conversation, which may hold a name or an
 * e-mail: the header says so, and "Olvidar esta conversación en este dispositivo" clears what is
 * kept here and revokes the secret at the bot. A secret that expired, was revoked, or whose
 * citizen erased their data ("borrar mis datos") starts a new conversation with a short note.
 */
'use strict';

(() => {
  const script = document.currentScript;
  // Web Chat inserts its styles at run time; the policy admits them by this nonce only.
  const styleNonce = script instanceof HTMLScriptElement ? script.nonce : '';
  const container = document.getElementById('webchat');
  const alertBox = document.getElementById('chat-alert');
  const noticeBox = document.getElementById('chat-notice');
  const forgetButton = document.getElementById('forget-conversation');
  const tokenUrl = container.dataset.tokenUrl;
  const storageKey = 'anm-chat-conversation';
  // A note for the page after a reload: for this tab only.
  const noticeKey = 'anm-chat-notice';
  // directlinejs's ConnectionStatus values.
  const status = { online: 2, expiredToken: 3, failedToConnect: 4, ended: 5 };
  const notices = {
    gone: 'La conversación anterior ya no está disponible en este dispositivo (venció o se borró). Empezamos una nueva.',
    forgotten: 'Olvidamos la conversación anterior en este dispositivo. Empezamos una nueva.',
  };

  /** Web Storage that may be blocked (private modes, policies): the chat still works without. */
  function storageArea(name) {
    return {
      read(key) {
        try {
          return window[name].getItem(key);
        } catch {
          return null;
        }
      },
      write(key, value) {
        try {
          window[name].setItem(key, value);
        } catch {
          // Blocked or full: nothing to come back to.
        }
      },
      remove(key) {
        try {
          window[name].removeItem(key);
        } catch {
          // Nothing was kept.
        }
      },
    };
  }
  const kept = storageArea('localStorage');
  const tab = storageArea('sessionStorage');
  // Pages before this one kept the conversation in the tab: that copy is no longer read.
  tab.remove(storageKey);

  function savedConversation() {
    try {
      const saved = JSON.parse(kept.read(storageKey) || 'null');
      if (
        saved &&
        typeof saved.conversationId === 'string' &&
        typeof saved.domain === 'string' &&
        (typeof saved.resume === 'string' || typeof saved.token === 'string')
      ) {
        return saved;
      }
    } catch {
      // Not ours: start afresh.
    }
    kept.remove(storageKey);
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

  function showNotice(message) {
    noticeBox.textContent = message;
    noticeBox.hidden = false;
  }

  // Set when the kept conversation is being dropped: the page's last save must not bring it back.
  let forgetting = false;

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
      resume: typeof grant.resume === 'string' ? grant.resume : undefined,
      domain: grant.domain || new URL('/v3/directline', window.location.href).href,
    };
  }

  /** Thrown when the bot will not let this device come back to the conversation. */
  class ConversationGone extends Error {}

  /** Whether the conversation's Direct Line is this bot's own (embedded) or the service. */
  function isEmbedded(domain) {
    return domain.startsWith(window.location.origin);
  }

  /**
   * Where a conversation's resume secret is traded or revoked: beside the embedded Direct Line,
   * or, with the Direct Line service, at this bot beside its token route (the bot asks the
   * service for the token: only it holds the channel's secret).
   */
  function resumeUrl(domain, conversationId) {
    const path = `conversations/${encodeURIComponent(conversationId)}/resume`;
    return isEmbedded(domain)
      ? `${domain}/${path}`
      : new URL(path, new URL(tokenUrl, window.location.href)).href;
  }

  /** The resume secret for a fresh token and the secret's successor. */
  async function resumeConversation(domain, conversationId, resume) {
    const response = await fetch(resumeUrl(domain, conversationId), {
      method: 'POST',
      headers: { authorization: `Bearer ${resume}`, 'content-type': 'application/json' },
      body: '{}',
      cache: 'no-store',
      credentials: 'omit',
    });
    if (response.status === 401 || response.status === 403 || response.status === 404) {
      throw new ConversationGone();
    }
    // Anything else (offline, 429, 5xx) keeps what is stored: the next visit tries again.
    if (!response.ok) throw new Error(`resume answered ${response.status}`);
    const grant = await response.json();
    return { conversationId, token: grant.token, resume: grant.resume, domain };
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

  /** The conversation in use: what is kept, and what "Olvidar" revokes. */
  const current = { directLine: undefined, conversation: undefined };

  function keep() {
    const { directLine, conversation } = current;
    if (forgetting || !directLine || !directLine.conversationId) return;
    const where = { conversationId: directLine.conversationId, domain: conversation.domain };
    if (conversation.resume) {
      kept.write(storageKey, JSON.stringify({ ...where, resume: conversation.resume }));
    } else if (directLine.token) {
      // Kept by pages before resume secrets came to the Direct Line service: a token, used while
      // it lasts.
      kept.write(storageKey, JSON.stringify({ ...where, token: directLine.token }));
    }
  }

  function startAfresh(notice) {
    forgetting = true;
    kept.remove(storageKey);
    if (notice) tab.write(noticeKey, notice);
    window.location.reload();
  }

  /**
   * A token that lapsed while the page was open (a computer asleep): Web Chat ends that
   * connection, and a reload trades the kept secret for a new one. At most once a minute, so that
   * a bot that keeps refusing cannot make the page reload for ever.
   */
  const renewedKey = 'anm-chat-renewed-at';
  function renewByReloading() {
    const last = Number(tab.read(renewedKey) || 0);
    if (Date.now() - last < 60_000) return false;
    tab.write(renewedKey, String(Date.now()));
    window.location.reload();
    return true;
  }

  async function start() {
    const saved = savedConversation();
    let conversation;
    let resuming = false;
    if (saved && saved.resume) {
      try {
        conversation = await resumeConversation(saved.domain, saved.conversationId, saved.resume);
        resuming = true;
        // The old secret is spent once its successor is used: keep the successor at once.
        kept.write(
          storageKey,
          JSON.stringify({
            conversationId: saved.conversationId,
            domain: saved.domain,
            resume: conversation.resume,
          }),
        );
      } catch (error) {
        if (!(error instanceof ConversationGone)) throw error;
        kept.remove(storageKey);
        showNotice(notices.gone);
      }
    } else if (saved) {
      conversation = saved;
      resuming = true;
    }
    if (!conversation) conversation = await newConversation();
    const directLine = WebChat.createDirectLine({
      token: conversation.token,
      domain: conversation.domain,
      // Resuming: directlinejs asks for the conversation (GET) instead of starting one.
      conversationId: resuming ? conversation.conversationId : undefined,
      // The embedded Direct Line has no WebSocket stream: poll. The service streams.
      webSocket: !isEmbedded(conversation.domain),
    });
    current.directLine = directLine;
    current.conversation = conversation;
    // directlinejs refreshes the service's token every 15 minutes; the kept copy follows it.
    window.setInterval(keep, 60_000);
    window.addEventListener('pagehide', keep);
    let online = false;
    let reloading = false;
    directLine.connectionStatus$.subscribe((connection) => {
      if (reloading) return;
      if (connection === status.online) {
        online = true;
        hideAlert();
        keep();
      } else if (connection === status.expiredToken && online && conversation.resume) {
        reloading = renewByReloading();
        if (!reloading) {
          showAlert('Se perdió la conexión con el asistente. Recargue la página para seguir.');
        }
      } else if (
        connection === status.failedToConnect ||
        connection === status.ended ||
        (connection === status.expiredToken && !online)
      ) {
        // A kept token refused at once has expired (the service's); a resume secret was just
        // accepted, so a failure now is the network's: what is kept stays for the next visit.
        if (resuming && !online && !conversation.resume) {
          startAfresh(notices.gone);
          return;
        }
        showAlert('Se perdió la conexión con el asistente. Recargue la página para seguir.');
      }
    });
    container.textContent = '';
    WebChat.renderWebChat(
      { directLine, locale: 'es-ES', nonce: styleNonce, styleOptions },
      container,
    );
  }

  /** "Olvidar esta conversación en este dispositivo": nothing kept here, the secret revoked. */
  async function forgetConversation() {
    forgetting = true;
    kept.remove(storageKey);
    const { directLine, conversation } = current;
    if (directLine && directLine.conversationId && directLine.token && conversation.resume) {
      // The embedded Direct Line knows its own tokens; at the service's side, the bot knows only
      // the resume secret.
      const credential = isEmbedded(conversation.domain) ? directLine.token : conversation.resume;
      await fetch(resumeUrl(conversation.domain, directLine.conversationId), {
        method: 'DELETE',
        headers: { authorization: `Bearer ${credential}` },
        cache: 'no-store',
        credentials: 'omit',
      }).catch(() => undefined);
    }
    startAfresh(notices.forgotten);
  }

  forgetButton.addEventListener('click', () => {
    void forgetConversation();
  });
  const notice = tab.read(noticeKey);
  if (notice) {
    tab.remove(noticeKey);
    showNotice(notice);
  }
  start().catch(() => {
    container.textContent = '';
    showAlert('No pudimos conectar con el asistente. Intente de nuevo en unos minutos.');
  });
})();
