// A fake Xrm for trying the Dynamics 365 web resources outside Dynamics 365: the global context,
// the form context of the contact Ava Reyes, and App.sidePanes, which here opens an iframe with
// the HTML web resource (as Dynamics 365 does, passing `data`).

import { GRAPH_SCOPE, passwordGrant } from '/signin.mjs';

const origin = location.origin;
const status = document.getElementById('status');
const side = document.getElementById('side');

const entity = {
  getEntityName: () => 'contact',
  getId: () => '{6B1F2C9E-3D4A-4E7B-9A51-2C8D7E0F4A13}',
  getPrimaryAttributeValue: () => 'Ava Reyes',
  getEntitySetName: () => 'contacts',
};
const formContext = { data: { entity } };

let pane = null;
window.Xrm = {
  Utility: {
    getGlobalContext: () => ({
      getClientUrl: () => `${origin}/dataverse/contoso`,
      client: { getFormFactor: () => 1, getClient: () => 'Web' },
    }),
  },
  App: {
    sidePanes: {
      getPane: (id) => (pane && pane.paneId === id ? pane : undefined),
      createPane: async (options) => {
        pane = {
          paneId: options.paneId,
          navigate: async ({ webresourceName, data }) => {
            // Web resources live under /WebResources/<name> in an org; here, in /pkg/d365/.
            const file = webresourceName.split('/').pop();
            side.querySelector('iframe')?.remove();
            const frame = document.createElement('iframe');
            frame.title = options.title;
            frame.src = `/pkg/d365/${file}?data=${encodeURIComponent(data)}`;
            side.append(frame);
            side.hidden = false;
          },
        };
        return pane;
      },
    },
  },
};

// The org's token provider (in a real org: MSAL's acquireTokenSilent); the pane's page finds it
// on its parent window. Dataverse is the org itself: null means "use the session".
let graph = null;
window.teamsCollaborateGetToken = async (resource, { forceRefresh } = {}) => {
  if (resource === 'dataverse') return null;
  if (!graph || forceRefresh) {
    graph = await passwordGrant(origin, 'megan', GRAPH_SCOPE).then((answer) => answer.access_token, () => null);
  }
  return graph;
};

// Further options for the pane: here, Graph is the emulator's.
window.teamsCollaborateOptions = { graphUrl: `${origin}/graph/v1.0` };

// The CRM session the org would have: sign Megan in to contoso.
async function session() {
  const { access_token: token } = await passwordGrant(origin, 'megan', `${origin}/dataverse/contoso/.default`);
  await fetch(`${origin}/dataverse/contoso/session`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
}

document.getElementById('collaborate').addEventListener('click', async () => {
  if (typeof window.teamsCollaborateOpen !== 'function') {
    status.textContent = 'The web resources are not built: run `cargo xtask d365` (or `cargo xtask demo`).';
    return;
  }
  await window.teamsCollaborateOpen(formContext);
});
document.getElementById('side-close').addEventListener('click', () => {
  side.hidden = true;
});
session().catch((error) => {
  status.textContent = `Could not sign in: ${error.message}`;
});
