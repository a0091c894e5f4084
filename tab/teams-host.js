// Teams integration, optional: inside Teams the SDK is initialised and the page follows the
// Teams theme; in a plain browser (or if the SDK does not answer) the page works on its own.

function applyTheme(theme) {
  document.documentElement.dataset.theme =
    theme === 'dark' || theme === 'contrast' ? theme : 'default';
}

function timeout(ms) {
  return new Promise((_resolve, reject) => {
    setTimeout(() => reject(new Error('Teams did not answer')), ms);
  });
}

/**
 * Resolves to the teams-js SDK when the page runs inside Teams, otherwise (or when Teams does not
 * answer within `timeoutMs`) to undefined.
 */
export async function initializeTeams(timeoutMs = 3000) {
  const teams = globalThis.microsoftTeams;
  if (!teams?.app?.initialize) return undefined;
  try {
    await Promise.race([teams.app.initialize(), timeout(timeoutMs)]);
    const context = await teams.app.getContext();
    applyTheme(context?.app?.theme);
    teams.app.registerOnThemeChangeHandler(applyTheme);
    return teams;
  } catch {
    return undefined;
  }
}
