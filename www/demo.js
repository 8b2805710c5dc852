// Demo page: mounts teams-collaborate on a mock Dynamics 365 record form (a contact, an account,
// a case or a lead), and plays the administrators' switches and record type settings through the
// emulator's Dataverse Web API.

import { DEMO_APP_ID, GRAPH_SCOPE, passwordGrant } from './signin.mjs';
import { RECORDS, accessNote } from './records.mjs';

const dataverseUrl = `${location.origin}/dataverse/contoso`;
const apiUrl = `${dataverseUrl}/api/data/v9.2`;

const slot = document.getElementById('collaborate-slot');
const statusState = document.getElementById('status-state');
const statusError = document.getElementById('status-error');
const phoneSwitch = document.getElementById('device-phone');
const localePicker = document.getElementById('demo-locale');
const themePicker = document.getElementById('demo-theme');
const userPicker = document.getElementById('demo-user');
const recordPicker = document.getElementById('demo-record');

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

/** The record the form shows. */
function record() {
  return RECORDS[recordPicker.value] ?? RECORDS.contact;
}

function options() {
  const { entityName, id, name, entitySetName } = record();
  return {
    record: { entityName, id, name, entitySetName },
    dataverseUrl,
    graphUrl: `${location.origin}/graph/v1.0`,
    // The record's page, for "Post a link to this record" (https only: served over https, this
    // page itself; on localhost, where a real form would be).
    recordUrl: location.protocol === 'https:'
      ? location.href
      : `https://contoso.crm.dynamics.com/main.aspx?etn=${entityName}&id=${id}&pagetype=entityrecord`,
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

// Record type settings: the msdyn_entitylinkchatconfiguration row of the shown record's type,
// read and written as Miriam, the System Administrator (only administrators may change it). The
// component reads the row at mount, so every write mounts it again.
const SETTINGS_SET = 'msdyn_entitylinkchatconfigurations';
const SETTINGS_KEY = 'msdyn_entitylinkchatconfigurationid';
const SETTINGS_ADMIN = 'miriam';
const settingsEnabled = document.getElementById('setting-enabled');
const settingInputs = [...document.querySelectorAll('#settings input[data-column]')];
const settingsProgress = document.getElementById('settings-progress');
const settingsError = document.getElementById('settings-error');
const settings = { run: 0, row: null, busy: false, unreadable: false };

/** Calls the Web API as the System Administrator. */
async function asAdmin(path, init = {}) {
  const adminToken = await token(SETTINGS_ADMIN, DATAVERSE_SCOPE);
  return dataverse(path, {
    ...init,
    headers: {
      Authorization: `Bearer ${adminToken}`,
      ...(init.body ? { 'Content-Type': 'application/json' } : {}),
      ...init.headers,
    },
  });
}

/** A $filter on the record type (a logical name is a plain identifier: nothing to escape). */
function typeFilter(logicalName, statecode) {
  return encodeURIComponent(`msdyn_entitytype/logicalname eq '${logicalName}' and statecode eq ${statecode}`);
}

/** Every control off while a read or a write is on its way; afterwards, what the row allows.
 * `values` false keeps the boxes as the user left them (a write on its way). */
function showSettings({ values = true } = {}) {
  const { row, busy, unreadable } = settings;
  const { plural } = record();
  document.getElementById('setting-enabled-label').textContent = `Chats can be connected to ${plural}`;
  if (values) settingsEnabled.checked = row !== null;
  settingsEnabled.disabled = busy || unreadable;
  for (const input of settingInputs) {
    if (values) input.checked = row?.[input.dataset.column] === true;
    input.disabled = busy || row === null;
  }
}

/** Reads the row of the shown record's type; `saved` starts the message that says how it is, and
 * then the boxes keep what the user wrote until the answer comes. */
async function loadSettings(progress = 'Reading the settings…', saved = null) {
  const run = ++settings.run;
  const { entityName, plural } = record();
  document.getElementById('setting-enabled-hint').innerHTML =
    `An active row (<code>statecode</code> 0) for <code>${entityName}</code>; off deactivates it.`;
  settings.busy = true;
  settings.unreadable = false;
  if (saved === null) settings.row = null;
  settingsProgress.textContent = progress;
  showSettings({ values: saved === null });
  try {
    const columns = settingInputs.map((input) => input.dataset.column).join(',');
    const body = await asAdmin(`${SETTINGS_SET}?$select=${columns}&$filter=${typeFilter(entityName, 0)}`);
    if (run !== settings.run) return;
    settings.row = body.value[0] ?? null;
    settingsProgress.textContent = `${saved ?? ''}Chats ${settings.row ? 'can' : 'cannot'} be connected to ${plural}.`;
  } catch (error) {
    if (run !== settings.run) return;
    // Nothing to show, so nothing to change until the next read (another record, or a reload).
    settings.row = null;
    settings.unreadable = true;
    settingsProgress.textContent = '';
    settingsError.textContent = `Could not read the settings: ${error.message}`;
  } finally {
    if (run === settings.run) {
      settings.busy = false;
      showSettings();
    }
  }
}

/** Runs one write, says how it went, then reads the row again and mounts the component again. */
async function writeSettings(saying, write) {
  settings.busy = true;
  settingsError.textContent = '';
  settingsProgress.textContent = saying;
  showSettings({ values: false });
  let saved = 'Saved. ';
  try {
    await write();
  } catch (error) {
    saved = '';
    settingsError.textContent = `Could not save the setting: ${error.message}`;
  }
  await loadSettings('Reading the settings again…', saved);
  remount();
}

/** Turns chats on for the type (activates the row turned off last, else creates one with every
 * setting on) or off (deactivates the row: statecode 1, statuscode 2, which the component's
 * `statecode eq 0` leaves out). */
function setEnabled(on) {
  const { entityName, plural } = record();
  if (!on) {
    const id = settings.row[SETTINGS_KEY];
    return writeSettings(`Turning chats off for ${plural}…`, () =>
      asAdmin(`${SETTINGS_SET}(${id})`, { method: 'PATCH', body: JSON.stringify({ statecode: 1, statuscode: 2 }) }));
  }
  return writeSettings(`Turning chats on for ${plural}…`, async () => {
    const inactive = await asAdmin(
      `${SETTINGS_SET}?$select=${SETTINGS_KEY}&$filter=${typeFilter(entityName, 1)}&$orderby=modifiedon desc&$top=1`);
    const last = inactive.value[0];
    if (last) {
      await asAdmin(`${SETTINGS_SET}(${last[SETTINGS_KEY]})`, {
        method: 'PATCH',
        body: JSON.stringify({ statecode: 0, statuscode: 1 }),
      });
      return;
    }
    const entities = await asAdmin(`entities?$select=entityid&$filter=${encodeURIComponent(`logicalname eq '${entityName}'`)}`);
    const entity = entities.value[0];
    if (!entity) throw new Error(`The entity table has no row for ${entityName}.`);
    const row = {
      msdyn_name: entityName,
      msdyn_uniquename: `msdyn_${entityName}_chatconfiguration`,
      'msdyn_entitytype@odata.bind': `/entities(${entity.entityid})`,
      msdyn_usercanjoinchat: true,
    };
    for (const input of settingInputs) row[input.dataset.column] = true;
    await asAdmin(SETTINGS_SET, { method: 'POST', body: JSON.stringify(row) });
  });
}

function setSetting(input) {
  const id = settings.row[SETTINGS_KEY];
  const label = document.querySelector(`label[for="${input.id}"]`).textContent;
  return writeSettings(`Saving "${label}"…`, () =>
    asAdmin(`${SETTINGS_SET}(${id})`, {
      method: 'PATCH',
      body: JSON.stringify({ [input.dataset.column]: input.checked }),
    }));
}

settingsEnabled.addEventListener('change', () => setEnabled(settingsEnabled.checked));
for (const input of settingInputs) input.addEventListener('change', () => setSetting(input));

// The form draws the picked record: title, header, the Summary and Details fields, the timeline.
function showRecord() {
  const shown = record();
  const type = shown.type.toLowerCase();
  document.title = `${shown.name} - ${shown.type} - Dynamics 365 | teams-collaborate demo`;
  document.getElementById('skip-link').textContent = `Skip to the ${type} form`;
  document.getElementById('record-commands').setAttribute('aria-label', `${shown.type} commands`);
  document.getElementById('record-tabs').setAttribute('aria-label', `${shown.type} form`);
  for (const link of document.querySelectorAll('.sitemap-list a')) {
    if (link.getAttribute('href') === shown.siteMap) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }

  const persona = document.getElementById('record-persona');
  persona.replaceChildren();
  persona.classList.toggle('persona-icon', Boolean(shown.icon));
  if (shown.icon) persona.append(svgIcon(shown.icon));
  else persona.textContent = shown.initials;
  document.getElementById('record-name').textContent = shown.name;
  document.getElementById('demo-record-name').textContent =
    `${shown.name} (${shown.entityName})`;
  document.getElementById('record-subtitle').textContent = `${shown.type} · ${shown.type}`;
  document.getElementById('record-header-fields').replaceChildren(
    ...[['Owner', shown.owner.name], ...shown.header].map(([term, value]) => {
      const item = document.createElement('div');
      const dt = document.createElement('dt');
      const dd = document.createElement('dd');
      dt.textContent = term;
      dd.textContent = value;
      item.append(dt, dd);
      return item;
    }),
  );

  document.getElementById('summary-title').textContent = shown.summary.title;
  fillFields(document.getElementById('summary-fields'), shown.summary.fields, 'summary');
  document.getElementById('details-title').textContent = shown.details.title;
  fillFields(document.getElementById('details-fields'), shown.details.fields, 'details');
  document.getElementById('timeline-list').replaceChildren(...shown.timeline.map(timelineItem));
}

/** Read-only label and input pairs, as a form section shows them. */
function fillFields(container, fields, prefix) {
  container.replaceChildren(
    ...fields.flatMap(([label, value, type], index) => {
      const id = `f-${prefix}-${index}`;
      const labelElement = document.createElement('label');
      labelElement.htmlFor = id;
      labelElement.textContent = label;
      const input = document.createElement('input');
      input.id = id;
      input.readOnly = true;
      if (type) input.type = type;
      input.value = value;
      if (!value) input.placeholder = '---';
      return [labelElement, input];
    }),
  );
}

const TIMELINE_ICONS = { phone: '#i-phone', mail: '#i-mail', note: '#i-note' };

function timelineItem([kind, title, subject, meta, at]) {
  const item = document.createElement('li');
  const icon = document.createElement('span');
  icon.className = `timeline-icon timeline-icon-${kind}`;
  icon.append(svgIcon(TIMELINE_ICONS[kind]));
  const text = document.createElement('div');
  const paragraph = (className, content) => {
    const p = document.createElement('p');
    p.className = className;
    p.append(...content);
    return p;
  };
  const time = document.createElement('time');
  time.dateTime = at;
  time.textContent = new Date(at).toLocaleString('en-US', {
    month: 'numeric', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit',
  }).replace(',', '');
  text.append(
    paragraph('timeline-kind', [title]),
    paragraph('timeline-subject', [subject]),
    paragraph('timeline-meta', [`${meta} · `, time]),
  );
  item.append(icon, text);
  return item;
}

function svgIcon(href) {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('class', 'icon');
  svg.setAttribute('aria-hidden', 'true');
  const use = document.createElementNS('http://www.w3.org/2000/svg', 'use');
  use.setAttribute('href', href);
  svg.append(use);
  return svg;
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

// The record lives in the address too (?record=contact|account|incident|lead); another record is
// another form, so the component is mounted again and the record type's settings are read.
recordPicker.value = RECORDS[params.get('record')] ? params.get('record') : 'contact';
showRecord();
recordPicker.addEventListener('change', () => {
  const url = new URL(location.href);
  url.searchParams.set('record', recordPicker.value);
  history.replaceState(null, '', url);
  showRecord();
  showUser();
  settingsError.textContent = '';
  remount();
  loadSettings();
});

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
  document.getElementById('demo-user-role').textContent =
    `${option.dataset.role} ${accessNote(record(), userPicker.value)}`;
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
loadSettings();
start().then(loadComponent);
