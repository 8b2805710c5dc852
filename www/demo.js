// Demo page: mounts teams-collaborate on a mock Dynamics 365 contact form, and plays the
// administrators' switches through the emulator's Dataverse Web API.

import { DEMO_APP_ID, GRAPH_SCOPE, passwordGrant } from './signin.mjs';

const dataverseUrl = `${location.origin}/dataverse/contoso`;
const apiUrl = `${dataverseUrl}/api/data/v9.2`;

const slot = document.getElementById('collaborate-slot');
const statusState = document.getElementById('status-state');
const statusError = document.getElementById('status-error');
const phoneSwitch = document.getElementById('device-phone');
const localePicker = document.getElementById('demo-locale');
const themePicker = document.getElementById('demo-theme');
const userPicker = document.getElementById('demo-user');

// Each flag is one column of a single-row table; the row id comes from the first read.
const flags = [
  {
    input: document.getElementById('flag-tenant'),
    // Tenant consent belongs to a Global Administrator; the instance switch to a System Administrator.
    admin: 'adele',
    entitySet: 'organizations',
    key: 'organizationid',
    field: 'ismsteamscollaborationenabled',
  },
  {
    input: document.getElementById('flag-instance'),
    admin: 'miriam',
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
    // The record's page, for "Post a link to this record" (https only: served over https, this
    // page itself; on localhost, where a real form would be).
    recordUrl: location.protocol === 'https:'
      ? location.href
      : 'https://contoso.crm.dynamics.com/main.aspx?etn=contact&id=6b1f2c9e-3d4a-4e7b-9a51-2c8d7e0f4a13&pagetype=entityrecord',
    messagesIntervalSeconds: 5,
    // A null Dataverse token means "same-origin session", as for a web resource inside Dynamics 365.
    getToken: async (resource, { forceRefresh }) =>
      resource === 'dataverse' ? null : graphToken(forceRefresh),
    mode: 'button',
    formFactor: phoneSwitch.checked ? 3 : 1,
    client: 'Web',
    // Empty: the browser's language; the component has English and German.
    ...(localePicker.value ? { locale: localePicker.value } : {}),
    theme: themePicker.value,
  };
}

// The demo signs in through the emulator's Entra-shaped token endpoint. Tokens live in memory
// only and are fetched again when about to expire or after a 401.
const DATAVERSE_SCOPE = `${dataverseUrl}/.default`;
const tokens = new Map();

async function token(user, scope, forceRefresh = false) {
  const key = `${user} ${scope}`;
  const cached = tokens.get(key);
  if (!forceRefresh && cached && cached.expiresAt > Date.now() + 60_000) return cached.token;
  let answer;
  try {
    answer = await passwordGrant(location.origin, user, scope);
  } catch (error) {
    // For example AADSTS65001 while the tenant has not consented.
    tokens.delete(key);
    throw error;
  }
  tokens.set(key, { token: answer.access_token, expiresAt: Date.now() + answer.expires_in * 1000 });
  return answer.access_token;
}

// A Graph token for the component: null (and the component says it cannot reach Teams) when
// sign-in fails, e.g. before consent.
async function graphToken(forceRefresh) {
  try {
    return await token(userPicker.value, GRAPH_SCOPE, forceRefresh);
  } catch {
    return null;
  }
}

// Opens a CRM session for the chosen user: the cookie a web resource inside Dynamics 365 has.
async function signIn() {
  const bearer = await token(userPicker.value, DATAVERSE_SCOPE);
  const response = await fetch(`${dataverseUrl}/session`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${bearer}` },
  });
  if (!response.ok) throw new Error(await errorMessage(response));
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
  // Consent is given on Entra's consent page, signed in as the Global Administrator.
  if (flag.entitySet === 'organizations' && value) {
    const consent = new URL(`${location.origin}/contoso.com/adminconsent`);
    consent.searchParams.set('client_id', DEMO_APP_ID);
    consent.searchParams.set('redirect_uri', location.href);
    consent.searchParams.set('login_hint', `${flag.admin}@contoso.com`);
    location.assign(consent);
    return;
  }
  flag.input.disabled = true;
  try {
    const adminToken = await token(flag.admin, DATAVERSE_SCOPE);
    await dataverse(`${flag.entitySet}(${flag.id})`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${adminToken}` },
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

// Language and theme live in the address too (?locale=de-DE&theme=dark).
const params = new URLSearchParams(location.search);
localePicker.value = params.get('locale') ?? '';
themePicker.value = params.get('theme') ?? 'light';
for (const [picker, key] of [[localePicker, 'locale'], [themePicker, 'theme']]) {
  picker.addEventListener('change', () => {
    const url = new URL(location.href);
    if (picker.value) url.searchParams.set(key, picker.value);
    else url.searchParams.delete(key);
    history.replaceState(null, '', url);
    remount();
  });
}

// The demo user lives in the address too; the app bar and the picker's note say who it is.
userPicker.value = params.get('user') ?? 'megan';
showUser();
userPicker.addEventListener('change', async () => {
  const url = new URL(location.href);
  url.searchParams.set('user', userPicker.value);
  history.replaceState(null, '', url);
  showUser();
  await start();
});

function showUser() {
  const option = userPicker.selectedOptions[0];
  const name = option.textContent.trim();
  const initials = name.split(/\s+/).map((word) => word[0]).join('').slice(0, 2).toUpperCase();
  const account = document.getElementById('appbar-account');
  account.setAttribute('aria-label', `Account manager for ${name}`);
  account.querySelector('.persona').dataset.initials = initials;
  document.getElementById('demo-user-role').textContent = option.dataset.role;
}

// Back from the consent page: say so, and keep the address clean.
if (params.get('admin_consent') === 'True') {
  const url = new URL(location.href);
  url.searchParams.delete('admin_consent');
  url.searchParams.delete('tenant');
  history.replaceState(null, '', url);
  showError('Consent given by the global administrator.');
}

async function start() {
  try {
    await signIn();
  } catch (error) {
    showError(`Could not sign in: ${error.message}`);
  }
  await loadFlags();
  if (mount) remount();
}

setUpTabs();
setUpSiteMap();
start().then(loadComponent);
