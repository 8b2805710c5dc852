// Signing a demo user in at the emulator's Entra-shaped token endpoint (the password grant), once
// for every page and script that needs a token: www/demo.js, www/bench.js, www/d365/fake-xrm.js
// (from the same origin) and bench/bench.mjs (from Node, by relative path).

/** The demo app's client id: the emulator grants it delegated Graph permissions. */
export const DEMO_APP_ID = 'c9a559d2-7aab-4f13-a6ed-e7e9c52aec87';

/** The scope for Microsoft Graph: every delegated permission the demo app holds. */
export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

/**
 * Signs `user` (a demo tenant name such as `megan`) in with password `demo` at the emulator on
 * `origin` and resolves with Entra's answer, `{token_type, scope, expires_in, access_token}`.
 * Rejects with an Error carrying the first line of Entra's `error_description` (for example
 * AADSTS65001 while the tenant has not consented). `fetch` may be given: the bench page keeps
 * sign-in out of the requests it counts.
 */
export async function passwordGrant(origin, user, scope, { fetch = globalThis.fetch } = {}) {
  const response = await fetch(`${origin}/contoso.com/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: DEMO_APP_ID,
      username: `${user}@contoso.com`,
      password: 'demo',
      scope,
    }),
  });
  const body = await response.json();
  if (!response.ok) {
    throw new Error(body.error_description?.split('\r\n')[0] ?? `HTTP ${response.status}`);
  }
  return body;
}
