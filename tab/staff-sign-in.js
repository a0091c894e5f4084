// Staff sign-in for the tab pages. The server says how (/tab/sign-in.json):
// - inside Teams, Teams SSO: teams-js `authentication.getAuthToken()` (the app's webApplicationInfo);
// - in a browser, OpenID Connect with the authorization code and PKCE against the tenant's issuer:
//   this page is a public client (no secret) and exchanges the code itself; the access token is
//   kept in this tab's sessionStorage only (never localStorage), and is gone when the tab closes;
// - for local development (AUTH_DEV_MODE), a token from `npm run -s auth:dev-token` pasted here.
// The server checks every token; what this module reads of one (the name, the expiry) is for display.

import { el } from './panel-view.js';

const tokenKey = 'anm-staff-token';
const pendingKey = 'anm-staff-sign-in';
/** A token this close to its expiry is not used: a call could arrive after it. */
const marginMs = 60_000;

export class SignInError extends Error {
  constructor(message) {
    super(message);
    this.name = 'SignInError';
  }
}

const couldNotSignIn =
  'No se pudo iniciar sesión. Intente de nuevo; si el problema sigue, avise a la mesa de ayuda.';

function base64url(bytes) {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const randomText = () => base64url(crypto.getRandomValues(new Uint8Array(32)));

async function pkceChallenge(verifier) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** The token's claims, unverified: only for what the page shows. */
function claimsOf(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const text = new TextDecoder().decode(Uint8Array.from(atob(part), (c) => c.charCodeAt(0)));
    const claims = JSON.parse(text);
    return claims && typeof claims === 'object' ? claims : {};
  } catch {
    return {};
  }
}

export const nameInToken = (token) => {
  const { name } = claimsOf(token);
  return typeof name === 'string' ? name : '';
};

function readJson(key) {
  try {
    return JSON.parse(sessionStorage.getItem(key) ?? 'null');
  } catch {
    return null;
  }
}

function storedToken() {
  const stored = readJson(tokenKey);
  if (typeof stored?.accessToken !== 'string' || !(stored.expiresAt > Date.now() + marginMs)) {
    return undefined;
  }
  return stored.accessToken;
}

function storeToken(accessToken, expiresInSeconds) {
  const { exp } = claimsOf(accessToken);
  const expiresAt =
    typeof exp === 'number' ? exp * 1000 : Date.now() + (Number(expiresInSeconds) || 0) * 1000;
  sessionStorage.setItem(tokenKey, JSON.stringify({ accessToken, expiresAt }));
}

const redirectUri = () => `${window.location.origin}${window.location.pathname}`;

async function discover(issuer) {
  const response = await fetch(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`, {
    cache: 'no-store',
  });
  const document = response.ok ? await response.json() : undefined;
  // OpenID Connect Discovery 1.0, §4.3: the document must name exactly the expected issuer.
  if (document?.issuer !== issuer) throw new SignInError(couldNotSignIn);
  return document;
}

/** Sends the browser to the issuer's sign-in page; it comes back here with a code. */
async function beginBrowserSignIn(browser) {
  const discovery = await discover(browser.issuer);
  const verifier = randomText();
  const state = randomText();
  sessionStorage.setItem(pendingKey, JSON.stringify({ verifier, state }));
  const url = new URL(discovery.authorization_endpoint);
  const parameters = {
    response_type: 'code',
    client_id: browser.clientId,
    redirect_uri: redirectUri(),
    scope: browser.scope,
    state,
    code_challenge: await pkceChallenge(verifier),
    code_challenge_method: 'S256',
  };
  for (const [name, value] of Object.entries(parameters)) url.searchParams.set(name, value);
  window.location.assign(url.toString());
}

/**
 * On the way back from the issuer: checks `state`, exchanges the code (with the PKCE verifier)
 * for tokens and keeps the access token. Undefined when this page load is not such a return.
 */
async function completeBrowserSignIn(browser) {
  const parameters = new URLSearchParams(window.location.search);
  const code = parameters.get('code');
  const error = parameters.get('error');
  if (!code && !error) return undefined;
  // The code is single-use and short-lived, but it should not stay in the address bar or history.
  window.history.replaceState(null, '', redirectUri());
  const pending = readJson(pendingKey);
  sessionStorage.removeItem(pendingKey);
  if (error) {
    throw new SignInError(
      error === 'access_denied'
        ? 'Se canceló el inicio de sesión. Puede intentarlo de nuevo.'
        : couldNotSignIn,
    );
  }
  if (!pending || pending.state !== parameters.get('state')) throw new SignInError(couldNotSignIn);
  const discovery = await discover(browser.issuer);
  const response = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri(),
      client_id: browser.clientId,
      code_verifier: pending.verifier,
    }),
    cache: 'no-store',
  });
  const tokens = response.ok ? await response.json().catch(() => undefined) : undefined;
  if (typeof tokens?.access_token !== 'string') throw new SignInError(couldNotSignIn);
  storeToken(tokens.access_token, tokens.expires_in);
  return tokens.access_token;
}

async function signInSettings() {
  const response = await fetch('sign-in.json', { cache: 'no-store' });
  if (!response.ok) throw new SignInError(couldNotSignIn);
  return response.json();
}

/**
 * Connects the page's sign-in section and returns the staff session the API calls use:
 * `token()` (undefined while signed out), `signedOut(message)` after a 401, and `ready`, true
 * once a token is at hand. `onSignedIn` runs when staff sign in without leaving the page.
 * `purpose` ends the sign-in prompt: what the page lets staff do.
 */
/**
 * The sign-in section's and the staff footer's content, the same on every tab page: the page
 * gives the two empty containers and the role its development tokens need.
 */
function renderSignInParts(section, footer, devRole) {
  const message = el('p', { id: 'sign-in-message', role: 'status' });
  const signInButton = el(
    'button',
    { id: 'sign-in-button', type: 'button', hidden: true },
    'Iniciar sesión',
  );
  const devToken = el('textarea', {
    id: 'dev-token',
    rows: 3,
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': 'dev-token-hint',
  });
  const devForm = el(
    'form',
    { id: 'dev-token-form', class: 'dev-token', novalidate: true, hidden: true },
    el(
      'div',
      { class: 'field' },
      el('label', { for: 'dev-token' }, 'Token de desarrollo'),
      devToken,
      el(
        'p',
        { id: 'dev-token-hint', class: 'hint' },
        'Solo en un equipo de desarrollo: genérelo con ',
        el('code', {}, `npm run -s auth:dev-token -- --roles ${devRole}`),
        '.',
      ),
    ),
    el('button', { type: 'submit' }, 'Usar este token'),
  );
  section.replaceChildren(
    el('h2', { id: 'sign-in-title' }, 'Iniciar sesión'),
    message,
    signInButton,
    devForm,
  );
  const signedInAs = el('span', { id: 'signed-in-as' });
  const signOutButton = el(
    'button',
    { id: 'sign-out-button', type: 'button', class: 'secondary' },
    'Salir',
  );
  footer.replaceChildren(signedInAs, signOutButton);
  return { message, signInButton, devForm, devToken, signedInAs, signOutButton };
}

/**
 * Signs staff in on a tab page. `section` (labelled by `sign-in-title`) and `footer` are the
 * page's empty containers; `devRole` is the role named in the development-token hint.
 */
export async function connectStaffSignIn({
  teams,
  section,
  footer,
  devRole,
  onSignedIn,
  purpose = 'ver y gestionar las preguntas en vivo',
}) {
  const { message, signInButton, devForm, devToken, signedInAs, signOutButton } = renderSignInParts(
    section,
    footer,
    devRole,
  );
  let settings;
  try {
    settings = await signInSettings();
  } catch {
    settings = { teams: false, browser: null, devTokens: false };
  }
  const inTeams = Boolean(teams && settings.teams);

  function defaultPrompt() {
    if (settings.browser || settings.devTokens) {
      return `Inicie sesión con su cuenta de la ANM para ${purpose}.`;
    }
    if (settings.teams) {
      return 'Abra este panel desde Microsoft Teams: allí inicia sesión con su cuenta de la ANM.';
    }
    return 'No pudimos preparar el inicio de sesión. Actualice la página en unos segundos.';
  }

  function showSignedIn(token) {
    document.body.dataset.signedIn = 'true';
    section.hidden = true;
    const name = nameInToken(token);
    signedInAs.textContent = name ? `Sesión iniciada: ${name}.` : 'Sesión iniciada.';
    signOutButton.hidden = inTeams;
    footer.hidden = false;
  }

  function showSignIn(text) {
    delete document.body.dataset.signedIn;
    footer.hidden = true;
    section.hidden = false;
    signInButton.hidden = !settings.browser || inTeams;
    devForm.hidden = !settings.devTokens;
    message.textContent = text ?? defaultPrompt();
  }

  const session = {
    ready: false,
    async token() {
      if (inTeams) {
        try {
          return await teams.authentication.getAuthToken();
        } catch {
          throw new SignInError(
            'Teams no entregó su identidad. Cierre y vuelva a abrir el panel; si sigue igual, avise a la mesa de ayuda.',
          );
        }
      }
      return storedToken();
    },
    signedOut(text) {
      sessionStorage.removeItem(tokenKey);
      session.ready = false;
      showSignIn(text);
    },
  };

  signInButton.addEventListener('click', () => {
    signInButton.disabled = true;
    beginBrowserSignIn(settings.browser).catch((error) => {
      signInButton.disabled = false;
      showSignIn(error instanceof SignInError ? error.message : couldNotSignIn);
    });
  });
  devForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = devToken.value.trim();
    if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) {
      showSignIn('Eso no parece un token: copie la línea completa que imprime el comando.');
      return;
    }
    storeToken(token, 0);
    devToken.value = '';
    session.ready = true;
    showSignedIn(token);
    onSignedIn();
  });
  signOutButton.addEventListener('click', () =>
    session.signedOut('Salió de su cuenta. Puede iniciar sesión de nuevo.'),
  );

  try {
    const token =
      (inTeams ? await session.token() : undefined) ??
      (settings.browser ? await completeBrowserSignIn(settings.browser) : undefined) ??
      storedToken();
    if (token) {
      session.ready = true;
      showSignedIn(token);
    } else {
      showSignIn();
    }
  } catch (error) {
    showSignIn(error instanceof SignInError ? error.message : couldNotSignIn);
  }
  return session;
}
