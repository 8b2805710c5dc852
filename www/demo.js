// Demo page: mounts teams-collaborate on a mock Dynamics 365 contact form, and plays the
// administrators' switches through the emulator's Dataverse Web API.

const dataverseUrl = `${location.origin}/dataverse/contoso`;
const apiUrl = `${dataverseUrl}/api/data/v9.2`;

const slot = document.getElementById('collaborate-slot');
const statusState = document.getElementById('status-state');
const statusError = document.getElementById('status-error');
const phoneSwitch = document.getElementById('device-phone');

// Each flag is one column of a single-row table; the row id comes from the first read.
const flags = [
  {
    input: document.getElementById('flag-tenant'),
    entitySet: 'organizations',
    key: 'organizationid',
    field: 'ismsteamscollaborationenabled',
  },
  {
    input: document.getElementById('flag-instance'),
    entitySet: 'msdyn_msteamssettingsv2',
    key: 'msdyn_msteamssettingsv2id',
    field: 'msdyn_embedcollabteamsintegrationenabled',
  },
];

let mount = null; // The component's mount function, once its module has loaded.
let handle = null;

function options() {
  return {
    record: {
      entityName: 'contact',
      id: '6b1f2c9e-3d4a-4e7b-9a51-2c8d7e0f4a13',
      name: 'Ava Reyes',
      entitySetName: 'contacts',
    },
    dataverseUrl,
    graphUrl: `${location.origin}/graph/v1.0`,
    // A null Dataverse token means "same-origin session", as for a web resource inside Dynamics 365.
    getToken: async (resource, { forceRefresh }) =>
      resource === 'dataverse' ? null : graphToken(forceRefresh),
    mode: 'button',
    formFactor: phoneSwitch.checked ? 3 : 1,
    client: 'Web',
  };
}

// The demo signs in as Megan Bowen through the emulator's Entra-shaped token endpoint. The token
// lives in memory only and is fetched again when it is about to expire or after a 401.
const DEMO_APP_ID = 'c9a559d2-7aab-4f13-a6ed-e7e9c52aec87';
let graphSession = null;

async function graphToken(forceRefresh) {
  if (!forceRefresh && graphSession && graphSession.expiresAt > Date.now() + 60_000) {
    return graphSession.token;
  }
  const response = await fetch(`${location.origin}/contoso.com/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: DEMO_APP_ID,
      username: 'megan@contoso.com',
      password: 'demo',
      scope: 'https://graph.microsoft.com/.default',
    }),
  });
  const body = await response.json();
  if (!response.ok) {
    // For example AADSTS65001 while the tenant has not consented: the component shows
    // "Can't reach Microsoft Teams" for its Graph sections.
    graphSession = null;
    return null;
  }
  graphSession = { token: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 };
  return graphSession.token;
}

function showError(message = '') {
  statusError.textContent = message;
}

// The component reads the flags at mount, so a changed flag or device needs a fresh mount.
function remount() {
  if (!mount) return;
  handle?.unmount();
  handle = null;
  statusState.textContent = 'Component: starting…';
  try {
    handle = mount(slot, options());
  } catch (error) {
    statusState.textContent = 'Component: not mounted';
    showError(`Could not mount the component: ${error.message}`);
  }
}

async function loadComponent() {
  let module;
  try {
    module = await import('/pkg/teams_collaborate.js');
  } catch (error) {
    console.error(error);
    statusState.textContent = 'The component is not built: run `cargo xtask demo`';
    return;
  }
  try {
    await module.default();
  } catch (error) {
    statusState.textContent = 'Component: failed to start';
    showError(`Could not start the component: ${error.message}`);
    return;
  }
  mount = module.mount;
  remount();
}

// Calls the Dataverse Web API with the page's own session and turns an error body into an Error.
async function dataverse(path, init = {}) {
  const response = await fetch(`${apiUrl}/${path}`, {
    ...init,
    credentials: 'same-origin',
    headers: {
      Accept: 'application/json',
      'OData-MaxVersion': '4.0',
      'OData-Version': '4.0',
      ...init.headers,
    },
  });
  if (!response.ok) throw new Error(await errorMessage(response));
  return response.status === 204 ? null : response.json();
}

// Dataverse sends {"error":{"code","message"}}, except a 401, which has an empty body.
async function errorMessage(response) {
  try {
    const body = await response.json();
    if (typeof body?.error?.message === 'string') return body.error.message;
  } catch {
    // No JSON body: fall back to the status line.
  }
  return `HTTP ${response.status} ${response.statusText}`.trim();
}

async function readFlag(flag) {
  const body = await dataverse(`${flag.entitySet}?$select=${flag.field}`);
  const row = body?.value?.[0];
  if (!row) throw new Error(`${flag.entitySet} has no row.`);
  flag.id = row[flag.key];
  flag.input.checked = row[flag.field] === true;
  flag.input.disabled = false;
}

async function writeFlag(flag) {
  const value = flag.input.checked;
  flag.input.disabled = true;
  try {
    await dataverse(`${flag.entitySet}(${flag.id})`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ [flag.field]: value }),
    });
    showError();
    remount();
  } catch (error) {
    flag.input.checked = !value;
    showError(`Could not change the flag: ${error.message}`);
  } finally {
    flag.input.disabled = false;
  }
}

async function loadFlags() {
  const results = await Promise.allSettled(flags.map(readFlag));
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) showError(`Could not read the flags: ${failure.reason.message}`);
}

// Form tabs follow the WAI-ARIA tabs pattern: click or arrow keys select, Home and End jump.
function setUpTabs() {
  const tabs = [...document.querySelectorAll('.form-tabs [role="tab"]')];
  const select = (tab) => {
    for (const other of tabs) {
      const selected = other === tab;
      other.setAttribute('aria-selected', String(selected));
      other.tabIndex = selected ? 0 : -1;
      document.getElementById(other.getAttribute('aria-controls')).hidden = !selected;
    }
    tab.focus();
  };
  tabs.forEach((tab, index) => {
    tab.addEventListener('click', () => select(tab));
    tab.addEventListener('keydown', (event) => {
      const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 }[event.key];
      if (next === undefined) return;
      event.preventDefault();
      select(tabs[(next + tabs.length) % tabs.length]);
    });
  });
}

function setUpSiteMap() {
  const toggle = document.getElementById('sitemap-toggle');
  toggle.addEventListener('click', () => {
    const expanded = toggle.getAttribute('aria-expanded') === 'true';
    toggle.setAttribute('aria-expanded', String(!expanded));
    document.getElementById('sitemap').classList.toggle('collapsed', expanded);
  });
}

// The component reports every visibility decision on its host element; listen before mounting.
slot.addEventListener('teams-collaborate-state', (event) => {
  const { visible, reason } = event.detail;
  statusState.textContent = `Component: ${visible ? 'visible' : 'hidden'} (${reason})`;
});

for (const flag of flags) {
  flag.input.addEventListener('change', () => writeFlag(flag));
}

// The phone switch lives in the address so that it survives a reload.
phoneSwitch.checked = new URLSearchParams(location.search).get('device') === 'phone';
phoneSwitch.addEventListener('change', () => {
  const url = new URL(location.href);
  if (phoneSwitch.checked) url.searchParams.set('device', 'phone');
  else url.searchParams.delete('device');
  history.replaceState(null, '', url);
  remount();
});

setUpTabs();
setUpSiteMap();
loadFlags();
loadComponent();
