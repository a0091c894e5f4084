// The configuration page of the meeting tab: Teams asks it what to show, and it always answers
// with the live panel of this same server.
import { initializeTeams } from './teams-host.js';

const contentUrl = `${window.location.origin}/tab/live-panel.html`;
const status = document.getElementById('status');
const outsideTeams = document.getElementById('outside-teams');

// Without Teams' answer the tab cannot be saved: a slow client gets more time than the panel.
const teams = await initializeTeams(10_000);
if (!teams) {
  status.hidden = true;
  outsideTeams.hidden = false;
} else {
  teams.pages.config.registerOnSaveHandler((saveEvent) => {
    teams.pages.config
      .setConfig({
        entityId: 'panel-en-vivo',
        contentUrl,
        websiteUrl: contentUrl,
        suggestedDisplayName: 'Panel en vivo',
      })
      .then(
        () => saveEvent.notifySuccess(),
        () => saveEvent.notifyFailure('No se pudo guardar el panel. Intente de nuevo.'),
      );
  });
  teams.pages.config.setValidityState(true);
  status.textContent = 'Seleccione «Guardar» para agregar el panel a la reunión.';
}
