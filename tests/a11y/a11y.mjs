// Accessibility check of the demo page: axe-core (WCAG 2.x A and AA) with the pane open on each
// tab, with each row menu open and with each dialog open; then a keyboard-only walk through every
// action. Run by `cargo xtask test` against an emulator it starts:
//
//   node tests/a11y/a11y.mjs http://127.0.0.1:18789/
//
// playwright-core and axe-core come from `.tools/` (xtask installs them; A11Y_TOOLS overrides the
// folder) and drive Debian's /usr/bin/chromium (CHROMIUM overrides it). A11Y_SKIP_AXE=1 runs the
// keyboard walk alone. The emulator is reset first: it must be one nobody else is using. Exits 1
// on any violation or failed step. A11Y_SCREENSHOT=docs/pane.png also saves the demo page with the
// pane open on the Chats tab (the README's picture); nothing is written without it.

import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tools = process.env.A11Y_TOOLS ?? path.join(root, '.tools');
const require = createRequire(path.join(tools, 'package.json'));
const { chromium } = require('playwright-core');
const axe = require('axe-core');

const base = new URL(process.argv[2] ?? 'http://127.0.0.1:18789/');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
const HOST = '#collaborate-slot';

let failures = 0;
const started = Date.now();

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
});
try {
  await post('/_emulator/reset');
  const page = await open(browser);
  if (!process.env.A11Y_SKIP_AXE) await audits(page);
  await page.close();
  if (!process.env.A11Y_SKIP_AXE) {
    // The same checks in every look: dark, German, right to left, Windows high contrast.
    for (const [look, query, forced] of [
      ['dark theme', 'theme=dark', false],
      ['German', 'locale=de-DE', false],
      ['right to left', 'locale=ar-SA', false],
      ['forced colours', '', true],
    ]) {
      await post('/_emulator/reset');
      await looks(await open(browser, query), look, forced);
    }
  }
  await post('/_emulator/reset');
  await paneMode(browser);
  await post('/_emulator/reset');
  await keyboardWalk(await open(browser));
} catch (error) {
  failures += 1;
  console.error(`a11y: FAILED: ${error.stack ?? error}`);
} finally {
  await browser.close();
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (failures > 0) {
  console.error(`a11y: ${failures} failure(s) in ${seconds} s`);
  process.exit(1);
}
console.log(`a11y: no violations, keyboard walk passed (${seconds} s)`);

// ---------------------------------------------------------------------------------------------
// axe-core audits

async function audits(page) {
  await page.locator(`${HOST} .tc-button`).click();
  await rowsLoaded(page, '#tc-panel-chats');
  await audit(page, 'pane open, Chats tab');
  if (process.env.A11Y_SCREENSHOT) await screenshot(page, process.env.A11Y_SCREENSHOT);

  // The seed gives Megan rows with menus in every section: none would mean the loop checks nothing.
  await auditRowMenus(page, 'Chats', 3);
  await conversationAudits(page);

  await page.locator(`${HOST} .tc-new-chat`).click();
  await page.locator(`${HOST} [role=dialog]`).waitFor();
  await audit(page, 'New connected chat dialog');
  const search = page.locator(`${HOST} [role=dialog] input[type=search]`);
  await search.fill('ad');
  await page.locator(`${HOST} .tc-person-option`).first().waitFor();
  await page.locator(`${HOST} .tc-person-option`).first().click();
  await audit(page, 'New connected chat dialog: search results and a participant');
  await page.keyboard.press('Escape');
  await page.locator(`${HOST} [role=dialog]`).waitFor({ state: 'detached' });

  await page.locator(`${HOST} #tc-tab-channels`).click();
  await rowsLoaded(page, '#tc-panel-channels');
  await audit(page, 'pane open, Channels tab');
  await auditRowMenus(page, 'Channels', 1);

  await page.locator(`${HOST} .tc-connect-channel`).click();
  const dialog = page.locator(`${HOST} [role=dialog]`);
  await dialog.waitFor();
  await dialog.locator('select option:nth-child(2)').waitFor({ state: 'attached' });
  await audit(page, 'Connect a channel dialog');
  await dialog.getByLabel('Team', { exact: true }).selectOption({ label: 'Contoso Sales' });
  await dialog.getByLabel('Channel', { exact: true }).locator('option:nth-child(2)').waitFor({ state: 'attached' });
  await audit(page, 'Connect a channel dialog: a team picked (channels, create a channel)');
  await dialog.getByLabel('Or a new channel in this team').fill('General');
  await dialog.getByRole('button', { name: 'Create channel' }).click();
  await dialog.getByRole('alert').waitFor();
  await audit(page, 'Connect a channel dialog: create-channel error');
  await dialog.getByLabel('Or a new team').fill('Ava Reyes account team');
  await audit(page, 'Connect a channel dialog: a new team named');
  await dialog.getByRole('button', { name: 'Create team' }).click();
  await dialog.getByRole('status').waitFor();
  await audit(page, 'Connect a channel dialog: creating a team');
  await dialog.waitFor({ state: 'detached', timeout: 20_000 });
  await page.locator(`${HOST} #tc-panel-channels .tc-row`, { hasText: 'Ava Reyes account team > General' }).waitFor();
  await audit(page, 'pane open, Channels tab, a new team connected');
}

/** The pane on both tabs and the New connected chat dialog, in one look of the component. */
async function looks(page, look, forced) {
  if (forced) await page.emulateMedia({ forcedColors: 'active' });
  await page.locator(`${HOST} .tc-button`).click();
  await rowsLoaded(page, '#tc-panel-chats');
  await audit(page, `${look}: Chats tab`);
  if (forced) {
    // Presence keeps its colours (the label is read out too); everything else is system colours.
    const adjust = await inShadow(page, (shadow) => {
      const badge = shadow.querySelector('.tc-badge');
      return badge ? getComputedStyle(badge).forcedColorAdjust : 'no badge';
    });
    check(adjust === 'none', `${look}: presence badges keep their colours (${adjust})`);
  }
  await openConversation(page);
  await audit(page, `${look}: a conversation`);
  await page.locator(`${HOST} .tc-back`).click();
  await page.locator(`${HOST} .tc-new-chat`).click();
  await page.locator(`${HOST} [role=dialog]`).waitFor();
  await audit(page, `${look}: New connected chat dialog`);
  await page.keyboard.press('Escape');
  await page.locator(`${HOST} #tc-tab-channels`).click();
  await rowsLoaded(page, '#tc-panel-channels');
  await audit(page, `${look}: Channels tab`);
  await page.context().close();
}

/** Opens the seeded renewal chat (mentions, a quote, a file, an image, reactions) by its title. */
async function openConversation(page) {
  await page.locator(`${HOST} .tc-row .tc-title`, { hasText: 'Contoso Pharmaceuticals – Q1 renewal' }).first().click();
  await page.locator(`${HOST} .tc-log .tc-msg`).nth(5).waitFor();
  await page.waitForFunction((host) =>
    [...document.querySelector(host).shadowRoot.querySelectorAll('img.tc-msg-img')].every((i) => i.complete),
  HOST);
}

/** A conversation with its parts open one at a time: People, React, Edit, @ mentions, a send that failed, Add people. */
async function conversationAudits(page) {
  await openConversation(page);
  await audit(page, 'a conversation');
  await page.locator(`${HOST} .tc-conversation-members button`, { hasText: /^People$/ }).click();
  await audit(page, 'a conversation: People listed');
  const newest = page.locator(`${HOST} .tc-log .tc-msg`).last();
  await newest.locator('.tc-msg-action', { hasText: 'React' }).click();
  await newest.locator('.tc-reaction-choice').first().waitFor();
  await audit(page, 'a conversation: the reaction picker');
  await page.keyboard.press('Escape');
  check(await page.locator(`${HOST} .tc-conversation`).isVisible(), 'Escape in the picker closes the picker only');
  const own = page.locator(`${HOST} .tc-log .tc-own`).first();
  await own.locator('.tc-msg-action', { hasText: 'Edit' }).click();
  await audit(page, 'a conversation: editing a message');
  await page.locator(`${HOST} .tc-msg-edit .tc-secondary`).click();
  const compose = page.locator(`${HOST} .tc-compose-box`);
  await compose.fill('@a');
  await page.locator(`${HOST} [role=listbox] [role=option]`).first().waitFor();
  await audit(page, 'a conversation: @ mention suggestions');
  await compose.fill('');
  const refused = await fetch(new URL('/_emulator/faults', base), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ method: 'POST', path: '/messages$', status: 500, count: 1 }),
  });
  check(refused.ok, 'a send fault is set');
  await compose.fill('This one fails');
  await compose.press('Enter');
  await page.locator(`${HOST} .tc-msg-failed`).waitFor();
  await audit(page, 'a conversation: a message not sent, with Retry');
  await page.locator(`${HOST} .tc-conversation-members button`, { hasText: 'Add people' }).click();
  await page.locator(`${HOST} [role=dialog]`).waitFor();
  await audit(page, 'a conversation: Add people');
  await page.keyboard.press('Escape');
  await page.locator(`${HOST} .tc-back`).click();
  await rowsLoaded(page, '#tc-panel-chats');
}

/** Every row menu of a tab, one at a time; fewer than `least` rows with a menu is a failure. */
async function auditRowMenus(page, tab, least) {
  const rows = page.locator(`#tc-panel-${tab.toLowerCase()} .tc-row:has(.tc-menu-button)`);
  const count = await rows.count();
  check(count >= least, `the ${tab} tab has rows with menus to audit (${count})`);
  for (let i = 0; i < count; i += 1) {
    const row = rows.nth(i);
    const title = (await row.locator('.tc-title').innerText()).slice(0, 40);
    await row.locator('.tc-menu-button').click();
    await row.locator('[role=menu]').waitFor();
    await audit(page, `${tab} row menu open: ${title}`);
    await page.keyboard.press('Escape');
    await row.locator('[role=menu]').waitFor({ state: 'detached' });
  }
}

/**
 * Pane mode, as the Dynamics 365 side pane shows it (`/d365/`, 400 px wide, the packaged web
 * resources): axe over the pane's page on both tabs, then the keyboard from the filter to a
 * row's menu and back.
 */
async function paneMode(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.route((url) => url.hostname !== base.hostname, (route) => route.abort());
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    failures += 1;
    console.error(`a11y: page error: ${error.message}`);
  });
  await page.goto(new URL('/d365/', base).href);
  await page.locator('#collaborate').click();
  await page.waitForFunction(() => document.querySelector('#side iframe')?.contentDocument?.querySelector('#pane'));
  const frame = page.frames().find((f) => f.url().includes('pane.html'));
  await frame.waitForFunction(() => {
    const root = document.querySelector('#pane').shadowRoot;
    return root && root.querySelectorAll('#tc-panel-chats .tc-row').length > 3 && !root.querySelector('.tc-skeleton');
  }, null, { timeout: 20_000 });
  await audit(frame, 'pane mode (Dynamics 365 side pane): Chats tab');
  const inPane = (fn) => frame.evaluate(`(${fn})(document.querySelector('#pane').shadowRoot)`);
  const width = await inPane((root) => Math.round(root.querySelector('.tc-pane').getBoundingClientRect().width));
  const frameWidth = await frame.evaluate(() => document.documentElement.clientWidth);
  check(width <= frameWidth, `pane mode: the pane is no wider than the side pane (${width} <= ${frameWidth})`);
  const named = await inPane((root) => root.querySelector('.tc-pane').getAttribute('aria-labelledby') === 'tc-pane-title' &&
    root.getElementById('tc-pane-title').textContent === 'Teams chats');
  check(named, 'pane mode: the region keeps its name with its title hidden (showTitle: false)');

  // Keyboard: into the filter, Tab to the first row, Shift+F10 opens its menu, Escape closes it.
  await inPane((root) => root.querySelector('.tc-filter').focus());
  const active = () => inPane((root) => ({ cls: root.activeElement?.className ?? '', role: root.activeElement?.getAttribute('role') }));
  await page.keyboard.press('Tab');
  let at = await active();
  if (at.cls.includes('tc-new-chat')) {
    await page.keyboard.press('Tab');
    at = await active();
  }
  check(at.cls.includes('tc-row'), `pane mode: Tab from the filter reaches the first row (${at.cls})`);
  const rowKey = () => inPane((root) => root.activeElement?.dataset.key);
  const first = await rowKey();
  await page.keyboard.press('ArrowDown');
  check((await rowKey()) !== first, 'pane mode: ArrowDown moves to the next row');
  await page.keyboard.press('ArrowUp');
  check((await rowKey()) === first, 'pane mode: ArrowUp comes back');
  await page.keyboard.press('Shift+F10');
  at = await active();
  check(at.role === 'menuitem', `pane mode: Shift+F10 opens the row's menu on its first item (${at.role})`);
  await page.keyboard.press('Escape');
  at = await active();
  check(at.cls.includes('tc-row'), 'pane mode: Escape closes the menu and returns to the row');
  await inPane((root) => root.getElementById('tc-tab-channels').click());
  await frame.waitForFunction(() => document.querySelector('#pane').shadowRoot.querySelector('#tc-panel-channels .tc-row'), null, { timeout: 20_000 });
  await audit(frame, 'pane mode (Dynamics 365 side pane): Channels tab');
  await context.close();
}

/** Runs axe over the whole page (open shadow roots included) and prints what it finds. */
async function audit(page, scope) {
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.addScriptTag({ content: axe.source });
  }
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    WCAG,
  );
  const violations = result.violations;
  console.log(`a11y: ${scope}: ${violations.length} violation(s)`);
  for (const v of violations) {
    failures += 1;
    console.log(`  - ${v.id} (${v.impact}): ${v.help} ${v.helpUrl}`);
    for (const node of v.nodes) {
      console.log(`      ${JSON.stringify(node.target)} ${node.failureSummary.replace(/\s+/g, ' ')}`);
    }
  }
}

/**
 * Saves the CRM form with the pane open (the demo controls left out) once photos and presence
 * have arrived, so the picture shows what a user sees rather than placeholders.
 */
async function screenshot(page, file) {
  await page.waitForFunction((host) => {
    const root = document.querySelector(host).shadowRoot;
    const photos = [...root.querySelectorAll('img')];
    return photos.length > 0 && photos.every((img) => img.complete && img.naturalWidth > 0) &&
      root.querySelector('.tc-badge') !== null;
  }, HOST, { timeout: 20_000 });
  const form = await page.locator('#form').boundingBox();
  const pane = await page.locator(`${HOST} .tc-pane`).boundingBox();
  const clip = { x: 0, y: 0, width: Math.ceil(form.x + form.width), height: Math.ceil(pane.y + pane.height + 16) };
  await page.screenshot({ path: path.resolve(file), clip });
  console.log(`a11y: screenshot of the pane saved to ${file} (${clip.width}x${clip.height})`);
}

// ---------------------------------------------------------------------------------------------
// Keyboard-only walk

async function keyboardWalk(page) {
  console.log('a11y: keyboard walk (page.keyboard only)');
  const key = (name) => page.keyboard.press(name);

  // The Collaborate button is in the page's tab order.
  let at = await focused(page);
  for (let i = 0; i < 60 && !at?.cls?.includes('tc-button'); i += 1) {
    await key('Tab');
    at = await focused(page);
  }
  check(at?.text === 'Collaborate' && at.expanded === 'false', 'Tab reaches the Collaborate button (aria-expanded=false)');

  // Enter opens the pane; the pane follows the button, so the next Tab lands inside it.
  await key('Enter');
  at = await focused(page);
  check(at?.expanded === 'true' && (await paneOpen(page)), 'Enter opens the pane (aria-expanded=true)');
  await key('Tab');
  at = await focused(page);
  check(at?.inPane && at.label === 'Close Teams chats', 'Tab moves into the pane (its Close button)');
  await rowsLoaded(page, '#tc-panel-chats');

  // Tab order inside: Chats tab, filter, New connected chat, then one row (roving tabindex).
  await key('Tab');
  at = await focused(page);
  check(at?.role === 'tab' && at.selected === 'true' && at.text === 'Chats', 'Tab: the selected Chats tab');
  await key('Tab');
  check((await focused(page))?.label === 'Filter chats by name', 'Tab: the filter box');
  await key('Tab');
  check((await focused(page))?.text === 'New connected chat', 'Tab: New connected chat');
  await key('Tab');
  at = await focused(page);
  const rows = await rowTitles(page, '#tc-panel-chats');
  check(at?.row && at.title === rows[0].title && at.tabindex === '0', `Tab: the first row (${at?.title})`);
  await key('Tab');
  at = await focused(page);
  check(!at?.row, 'Tab again leaves the list: only one row is tabbable');
  await key('Shift+Tab');
  check((await focused(page))?.title === rows[0].title, 'Shift+Tab returns to the row');

  // Arrows, Home and End move between rows across the sections.
  await key('ArrowDown');
  at = await focused(page);
  check(at?.title === rows[1].title && at.tabindex === '0', 'ArrowDown: the next row, now the tabbable one');
  await key('End');
  check((await focused(page))?.title === rows.at(-1).title, 'End: the last row');
  await key('Home');
  check((await focused(page))?.title === rows[0].title, 'Home: the first row');
  await key('ArrowUp');
  check((await focused(page))?.title === rows[0].title, 'ArrowUp on the first row stays');

  // Filter by keyboard: type, the sections narrow; clear it again.
  await key('Shift+Tab');
  await key('Shift+Tab');
  check((await focused(page))?.label === 'Filter chats by name', 'Shift+Tab twice: back to the filter');
  await page.keyboard.type('weekly');
  await waitFor(page, 'the filter narrows the list to "Weekly pipeline review"', async () => {
    const titles = (await rowTitles(page, '#tc-panel-chats')).map((r) => r.title);
    return titles.length === 1 && titles[0] === 'Weekly pipeline review';
  });
  await key('Control+A');
  await key('Backspace');
  await waitFor(page, 'clearing the filter brings every row back', async () =>
    (await rowTitles(page, '#tc-panel-chats')).length === rows.length);

  // Connect a group chat from Other chats: Shift+F10 opens its menu (Enter opens the chat),
  // arrows move, Enter picks.
  await key('Tab');
  await key('Tab');
  // A group chat (a meeting chat cannot be connected): from the demo tenant's seed.
  const group = rows.find((r) => r.section === 'Other chats' && r.title === 'Fabrikam onboarding (new)');
  await arrowTo(page, group.title, 'Other chats');
  await key('Shift+F10');
  at = await focused(page);
  check(at?.role === 'menuitem' && at.text === 'Connect to this record', `Shift+F10 opens the menu of "${group.title}" on "Connect to this record"`, at);
  check((await menuButton(page, group.title))?.expanded === 'true', 'its menu button says aria-expanded=true');
  await key('ArrowDown');
  check((await focused(page))?.text === 'Open in Teams', 'ArrowDown: "Open in Teams"');
  await key('ArrowDown');
  check((await focused(page))?.text === 'Open in Teams', 'ArrowDown on the last item stays');
  await key('Home');
  check((await focused(page))?.text === 'Connect to this record', 'Home: the first item');
  await key('End');
  await key('ArrowUp');
  check((await focused(page))?.text === 'Connect to this record', 'End, ArrowUp: back on Connect');
  await key('Escape');
  at = await focused(page);
  check(at?.title === group.title && !(await menuOpen(page)) && (await paneOpen(page)),
    'Escape closes the menu only (the pane stays) and focus returns to the row');
  // The link is written in the background; a Disconnect while it is in flight is ignored.
  const written = page.waitForResponse((r) => r.request().method() !== 'GET' && r.url().includes('msdyn_teamschatassociations'));
  await key('Shift+F10');
  await key('Enter');
  await written;
  await waitFor(page, `"${group.title}" appears under "Chats connected to this record"`, async () =>
    (await rowTitles(page, '#tc-panel-chats')).some((r) => r.title === group.title && r.section === 'Chats connected to this record'));
  at = await focused(page);
  check(at?.title === group.title && at.section === 'Chats connected to this record',
    'focus follows the connected row to its new section');

  // Disconnect it again.
  await arrowTo(page, group.title, 'Chats connected to this record');
  await key('Shift+F10');
  check((await focused(page))?.text === 'Disconnect from this record', 'Shift+F10 opens its menu on "Disconnect from this record"');
  await key('Enter');
  await waitFor(page, `"${group.title}" is back under "Other chats"`, async () =>
    (await rowTitles(page, '#tc-panel-chats')).some((r) => r.title === group.title && r.section === 'Other chats'));
  at = await focused(page);
  check(at?.title === group.title && at.section === 'Other chats', 'focus follows the row back to "Other chats"');

  // Open in Teams: the component announces it (the link itself opens in a new tab).
  await page.evaluate((host) => {
    window.openChatEvents = 0;
    document.querySelector(host).addEventListener('teams-collaborate-open-chat', () => { window.openChatEvents += 1; });
  }, HOST);
  const popup = page.context().waitForEvent('page', { timeout: 5_000 }).catch(() => null);
  await key('Shift+F10');
  await key('End');
  await key('Enter');
  const opened = await popup;
  await opened?.close();
  check((await page.evaluate(() => window.openChatEvents)) === 1 && (await focused(page))?.title === group.title,
    '"Open in Teams" by keyboard opens the chat and focus returns to the row');

  // A chat's conversation: Enter on its row opens it with focus in the compose box; every stop
  // back up to the message log is named; arrows walk the messages; Enter sends what was typed;
  // Escape returns to the list, on the row.
  const renewal = rows.find((r) => r.title === 'Contoso Pharmaceuticals – Q1 renewal');
  await arrowTo(page, renewal.title, renewal.section);
  await key('Enter');
  await waitFor(page, 'Enter opens the conversation; focus on "Type a message"', async () =>
    (await focused(page))?.label === 'Type a message');
  await waitFor(page, 'its messages load', async () =>
    (await inShadow(page, (root) => root.querySelectorAll('.tc-log .tc-msg').length)) > 5);
  let unnamed = [];
  let onLog = false;
  for (let i = 0; i < 80 && !onLog; i += 1) {
    await key('Shift+Tab');
    at = await focused(page);
    onLog = at?.role === 'log';
    if (!at?.label && !at?.text) unnamed.push(at);
  }
  check(onLog, 'Shift+Tab from the compose box reaches the message log (role=log)');
  check(unnamed.length === 0, 'every stop on the way is named', unnamed[0]);
  check(at?.label === `Messages in ${renewal.title}`, `the log is labelled (${at?.label})`);
  await key('ArrowUp');
  at = await focused(page);
  check(at?.cls?.includes('tc-msg') && at.text.includes('Procurement is fine'), 'ArrowUp: the newest message');
  await key('ArrowUp');
  await key('ArrowDown');
  at = await focused(page);
  check(at?.text?.includes('Procurement is fine'), 'ArrowUp, ArrowDown: back on the newest');
  let compose = false;
  for (let i = 0; i < 20 && !compose; i += 1) {
    await key('Tab');
    compose = (await focused(page))?.label === 'Type a message';
  }
  check(compose, 'Tab from the newest message reaches "Type a message"');
  await page.keyboard.type('Sent by keyboard');
  await key('Enter');
  await waitFor(page, 'Enter sends it: it shows in the log, no longer "Sending…"', async () =>
    inShadow(page, (root) => {
      const last = [...root.querySelectorAll('.tc-log .tc-msg')].at(-1);
      return !!last && last.textContent.includes('Sent by keyboard') && !last.querySelector('.tc-msg-state');
    }));
  check((await focused(page))?.label === 'Type a message', 'focus stays in the compose box');
  await key('Escape');
  at = await focused(page);
  check(at?.row && at.title === renewal.title && (await paneOpen(page)), 'Escape returns to the list, on the row it opened');

  // "Start a connected chat" on a one-on-one row opens the dialog with that person picked;
  // Escape closes it and focus returns to the row.
  const person = rows.find((r) => r.section === 'Other chats' && !r.group);
  await arrowTo(page, person.title, 'Other chats');
  await key('Shift+F10');
  check((await focused(page))?.text === 'Start a connected chat', `the menu of "${person.title}" offers "Start a connected chat"`);
  await key('Enter');
  at = await focused(page);
  check(at?.inDialog && (await dialogName(page)) === 'New connected chat', 'Enter opens "New connected chat" with focus inside');
  check((await chips(page)).join() === `Remove ${person.title}`, `${person.title} is already a participant`);
  await key('Escape');
  at = await focused(page);
  check(!(await dialogName(page)) && at?.title === person.title, 'Escape closes the dialog and focus returns to the row that opened it');

  // New connected chat: pick a suggested person with Space, Start with Enter.
  await key('Shift+Tab');
  at = await focused(page);
  check(at?.text === 'New connected chat', 'Shift+Tab from the list: New connected chat');
  await key('Enter');
  at = await focused(page);
  check(at?.inDialog && (await dialogName(page)) === 'New connected chat' && at.label === null && at.tag === 'input',
    'Enter opens the dialog; focus on its first field (Chat name)');
  await key('Escape');
  at = await focused(page);
  check(!(await dialogName(page)) && at?.text === 'New connected chat', 'Escape closes it; focus back on New connected chat');
  await key('Enter');
  await key('Tab');
  at = await focused(page);
  check(at?.type === 'checkbox', `Tab: the first suggested person (${at?.labelText})`);
  const picked = at.labelText;
  await key('Space');
  check((await focused(page))?.checked === true && (await chips(page)).join() === `Remove ${picked}`, `Space picks ${picked}`);
  let startReached = false;
  for (let i = 0; i < 12 && !startReached; i += 1) {
    await key('Tab');
    startReached = (await focused(page))?.text === 'Start';
  }
  check(startReached, 'Tab reaches Start');
  const before = (await rowTitles(page, '#tc-panel-chats')).filter((r) => r.section === 'Chats connected to this record').length;
  await key('Enter');
  await waitFor(page, 'the new chat appears under "Chats connected to this record"', async () =>
    !(await dialogName(page)) &&
    (await rowTitles(page, '#tc-panel-chats')).filter((r) => r.section === 'Chats connected to this record').length === before + 1);
  check((await focused(page))?.text === 'New connected chat', 'the dialog closed; focus back on New connected chat');

  // Tabs: arrows switch between Chats and Channels.
  await key('Shift+Tab');
  await key('Shift+Tab');
  at = await focused(page);
  check(at?.role === 'tab' && at.text === 'Chats', 'Shift+Tab twice: the Chats tab');
  await key('ArrowRight');
  at = await focused(page);
  check(at?.text === 'Channels' && at.selected === 'true' && (await visiblePanel(page)) === 'tc-panel-channels',
    'ArrowRight selects and focuses Channels and shows its panel');
  await key('ArrowLeft');
  at = await focused(page);
  check(at?.text === 'Chats' && at.selected === 'true' && (await visiblePanel(page)) === 'tc-panel-chats', 'ArrowLeft: back to Chats');
  await key('End');
  check((await focused(page))?.text === 'Channels', 'End: Channels');
  await rowsLoaded(page, '#tc-panel-channels');
  const channelsBefore = await rowTitles(page, '#tc-panel-channels');

  // Connect a channel through the dialog: selects change with the arrow keys.
  await key('Tab');
  at = await focused(page);
  check(at?.text === 'Connect a channel', 'Tab: Connect a channel');
  await key('Enter');
  at = await focused(page);
  check(at?.inDialog && (await dialogName(page)) === 'Connect a channel' && at.tag === 'select', 'Enter opens the dialog; focus on the Team list');
  await key('Escape');
  check(!(await dialogName(page)) && (await focused(page))?.text === 'Connect a channel', 'Escape closes it; focus back on Connect a channel');
  await key('Enter');
  await waitFor(page, 'the teams load', async () => (await focused(page))?.options?.length > 1);
  check(await pickOption(page, 'Contoso Sales'), 'ArrowDown picks the team "Contoso Sales"');
  // A taken channel name: the error shows and focus stays in the dialog, so Escape still works.
  let field = false;
  for (let i = 0; i < 6 && !field; i += 1) {
    await key('Tab');
    field = (await focused(page))?.label === 'Or a new channel in this team';
  }
  check(field, 'Tab reaches "Or a new channel in this team"');
  await page.keyboard.type('General');
  await key('Tab');
  await key('Tab');
  check((await focused(page))?.text === 'Create channel', 'Tab, Tab: Create channel');
  await key('Enter');
  await waitFor(page, 'creating a taken name says so (role=alert)', async () =>
    (await inShadow(page, (root) => root.querySelector('[role=dialog] [role=alert]')?.textContent))?.includes('already exists'));
  check((await focused(page))?.inDialog, 'focus stays in the dialog while it works and after');
  await key('Escape');
  check(!(await dialogName(page)) && (await focused(page))?.text === 'Connect a channel', 'Escape closes it; focus back on Connect a channel');
  await key('Enter');
  await waitFor(page, 'the teams load', async () => (await focused(page))?.options?.length > 1);
  const team = await pickOption(page, 'Service Excellence');
  check(team, 'ArrowDown picks the team "Service Excellence"');
  await key('Tab');
  at = await focused(page);
  check(at?.label === 'Channel', 'Tab: the Channel list');
  await waitFor(page, 'its channels load', async () => (await focused(page))?.options?.length > 1);
  await key('ArrowDown');
  at = await focused(page);
  const channel = at?.value;
  check(!!channel && !channel.includes('already connected'), `ArrowDown picks a channel (${channel})`);
  await key('Tab');
  at = await focused(page);
  check(at?.text === 'Connect', 'Tab: Connect');
  await key('Enter');
  const expected = `Service Excellence > ${channel}`;
  await waitFor(page, `"${expected}" appears under Channels`, async () =>
    (await rowTitles(page, '#tc-panel-channels')).some((r) => r.title === expected));
  at = await focused(page);
  check(!(await dialogName(page)) && at?.text === 'Connect a channel', 'the dialog closed; focus back on Connect a channel');

  // Disconnect it by keyboard too.
  await key('Tab');
  at = await focused(page);
  check(at?.row && at.title === channelsBefore[0].title, 'Tab: the first channel row');
  await arrowTo(page, expected);
  await key('Enter');
  check((await focused(page))?.text === 'Disconnect from this record', `Enter opens the menu of "${expected}" on Disconnect`);
  await key('Enter');
  await waitFor(page, `"${expected}" is gone`, async () =>
    !(await rowTitles(page, '#tc-panel-channels')).some((r) => r.title === expected));
  at = await focused(page);
  check(at?.inPane, `focus stays in the pane (${at?.title ?? at?.text})`);

  // Escape closes the pane from anywhere inside and focus returns to the button.
  await key('Escape');
  at = await focused(page);
  check(!(await paneOpen(page)) && at?.text === 'Collaborate' && at.expanded === 'false',
    'Escape closes the pane; focus back on Collaborate (aria-expanded=false)');
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** Opens the demo page signed in as Megan (the record's owner) and waits for the component. */
async function open(browser, query = '') {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // Nothing leaves the machine: "Open in Teams" opens a tab for teams.microsoft.com.
  await context.route((url) => url.hostname !== base.hostname, (route) => route.abort());
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    failures += 1;
    console.error(`a11y: page error: ${error.message}`);
  });
  await page.goto(new URL(`/?user=megan${query ? `&${query}` : ''}`, base).href);
  await page.locator('#status-state', { hasText: 'visible (ready)' }).waitFor({ timeout: 20_000 });
  const user = await page.locator('#demo-user').inputValue();
  check(user === 'megan', `signed in as Megan (picker says ${user})`);
  return page;
}

/** Waits until a tab panel shows rows: no loading skeleton, no status saying it loads or updates. */
async function rowsLoaded(page, panel) {
  await page.locator(`${HOST} ${panel} .tc-row`).first().waitFor({ timeout: 20_000 });
  await page.waitForFunction(
    ([host, panel]) =>
      !document.querySelector(host).shadowRoot.querySelector(`${panel} .tc-skeleton, ${panel} [role=status].tc-sr:not(:empty)`),
    [HOST, panel],
  );
}

/** What has focus, looking into open shadow roots. */
async function focused(page) {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body) return null;
    const row = el.classList.contains('tc-row') ? el : null;
    return {
      tag: el.tagName.toLowerCase(),
      type: el.getAttribute('type'),
      role: el.getAttribute('role'),
      cls: el.className,
      text: el.tagName === 'SELECT' ? null : el.innerText?.trim(),
      label: el.getAttribute('aria-label'),
      labelText: el.labels?.[0]?.innerText?.trim(),
      expanded: el.getAttribute('aria-expanded'),
      selected: el.getAttribute('aria-selected'),
      tabindex: el.getAttribute('tabindex'),
      checked: el.type === 'checkbox' ? el.checked : undefined,
      value: el.tagName === 'SELECT' ? el.selectedOptions[0]?.text : undefined,
      options: el.tagName === 'SELECT' ? [...el.options].map((o) => o.text) : undefined,
      row: !!row,
      title: row?.querySelector('.tc-title')?.textContent,
      section: el.closest('.tc-section')?.querySelector('h3')?.textContent,
      inPane: !!el.closest('.tc-pane'),
      inDialog: !!el.closest('[role=dialog]'),
    };
  });
}

/** The rows of a tab panel in order: title, section heading, whether a group chat. */
async function rowTitles(page, panel) {
  return page.evaluate(([host, panel]) =>
    [...document.querySelector(host).shadowRoot.querySelectorAll(`${panel} .tc-row`)].map((row) => ({
      title: row.querySelector('.tc-title').textContent,
      section: row.closest('.tc-section').querySelector('h3').textContent,
      group: row.classList.contains('tc-group'),
    })), [HOST, panel]);
}

/** Presses ArrowDown or ArrowUp until the focused row has this title (and section). */
async function arrowTo(page, title, section) {
  const titles = async () => {
    const at = await focused(page);
    return at?.row && at.title === title && (!section || at.section === section);
  };
  for (const direction of ['ArrowDown', 'ArrowUp']) {
    for (let i = 0; i < 30; i += 1) {
      if (await titles()) return;
      await page.keyboard.press(direction);
    }
  }
  throw new Error(`no row "${title}"${section ? ` under "${section}"` : ''} reachable with the arrow keys`);
}

/** Presses ArrowDown on the focused select until it shows this option. */
async function pickOption(page, text) {
  for (let i = 0; i < 20; i += 1) {
    if ((await focused(page))?.value === text) return true;
    await page.keyboard.press('ArrowDown');
  }
  return false;
}

async function inShadow(page, fn, arg) {
  return page.evaluate(([host, source, arg]) => {
    const root = document.querySelector(host).shadowRoot;
    return new Function('root', 'arg', `return (${source})(root, arg);`)(root, arg);
  }, [HOST, fn.toString(), arg]);
}

function paneOpen(page) {
  return inShadow(page, (root) => !root.querySelector('.tc-pane').hidden);
}

function menuOpen(page) {
  return inShadow(page, (root) => !!root.querySelector('[role=menu]'));
}

function visiblePanel(page) {
  return inShadow(page, (root) => root.querySelector('[role=tabpanel]:not([hidden])')?.id);
}

/** The name of the open dialog, if any. */
function dialogName(page) {
  return inShadow(page, (root) => {
    const dialog = root.querySelector('[role=dialog]');
    return dialog && root.getElementById(dialog.getAttribute('aria-labelledby'))?.textContent;
  });
}

/** The participants of the New connected chat dialog, as their Remove buttons name them. */
function chips(page) {
  return inShadow(page, (root) => [...root.querySelectorAll('.tc-chip')].map((c) => c.getAttribute('aria-label')));
}

function menuButton(page, title) {
  return inShadow(page, (root, title) => {
    const row = [...root.querySelectorAll('.tc-row')].find((r) => r.querySelector('.tc-title').textContent === title);
    const button = row?.querySelector('.tc-menu-button');
    return button && { expanded: button.getAttribute('aria-expanded') };
  }, title);
}

/** Polls a condition for up to 10 s and records it as a step. */
async function waitFor(page, what, condition) {
  const until = Date.now() + 10_000;
  let ok = false;
  while (!(ok = await condition()) && Date.now() < until) await page.waitForTimeout(100);
  check(ok, what);
}

function check(ok, what, detail) {
  if (ok) {
    console.log(`a11y:   ok: ${what}`);
  } else {
    failures += 1;
    console.error(`a11y:   FAILED: ${what}`);
    if (detail !== undefined) console.error(`a11y:     focus was on ${JSON.stringify(detail)}`);
  }
}

async function post(pathname) {
  const response = await fetch(new URL(pathname, base), { method: 'POST' });
  if (!response.ok) throw new Error(`POST ${pathname}: HTTP ${response.status}`);
}
