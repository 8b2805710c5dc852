// The page `cargo xtask bench` drives: it loads the component, keeps its wasm exports (for the
// linear memory), signs Megan in, and notes when each response arrives. The figures themselves
// are taken by bench/bench.mjs.

import init, { mount } from '/pkg/teams_collaborate.js';
import { GRAPH_SCOPE, passwordGrant } from './signin.mjs';

const dataverseUrl = `${location.origin}/dataverse/contoso`;

// The component's requests by the page's clock: when each started and its answer (headers)
// arrived, how many are in flight, and when the last answer came.
const network = { inFlight: 0, lastResponse: 0, count: 0, log: [] };
const realFetch = window.fetch.bind(window);
window.fetch = async (input, init) => {
  const entry = { url: String(input?.url ?? input), start: performance.now(), end: null };
  network.log.push(entry);
  network.inFlight += 1;
  network.count += 1;
  try {
    return await realFetch(input, init);
  } finally {
    network.inFlight -= 1;
    network.lastResponse = entry.end = performance.now();
  }
};

// Sign-in goes by the real fetch: it is not the component's, so it is not counted.
async function token(user, scope) {
  return (await passwordGrant(location.origin, user, scope, { fetch: realFetch })).access_token;
}

// Signs a user in: a CRM session cookie (Dataverse) and a Graph token the component gets.
async function signIn(user) {
  const crm = await token(user, `${dataverseUrl}/.default`);
  const session = await realFetch(`${dataverseUrl}/session`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${crm}` },
  });
  if (!session.ok) throw new Error(`session: HTTP ${session.status}`);
  return token(user, GRAPH_SCOPE);
}

const wasm = await init();
const graphToken = await signIn('megan');
const slot = document.getElementById('slot');
let handle = null;

function options(extra = {}) {
  return {
    record: {
      entityName: 'contact',
      id: '6b1f2c9e-3d4a-4e7b-9a51-2c8d7e0f4a13',
      name: 'Ava Reyes',
      entitySetName: 'contacts',
    },
    dataverseUrl,
    graphUrl: `${location.origin}/graph/v1.0`,
    getToken: async (resource) => (resource === 'dataverse' ? null : graphToken),
    mode: 'button',
    formFactor: 1,
    client: 'Web',
    ...extra,
  };
}

window.bench = {
  wasm,
  network,
  graphToken,
  // Mounts (again) on the slot; resolves with the first state event's detail. `free()`
  // unmounts and releases the handle's own memory too (unmount() alone keeps the handle).
  mount(extra) {
    handle?.free();
    const state = new Promise((resolve) => {
      slot.addEventListener('teams-collaborate-state', (e) => resolve(e.detail), { once: true });
    });
    handle = mount(slot, options(extra));
    return state;
  },
  unmount() {
    handle?.free();
    handle = null;
  },
  slot,
};
window.dispatchEvent(new Event('bench-ready'));
