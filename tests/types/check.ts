// Type-checks the generated pkg/teams_collaborate.d.ts: the options are typed, not `any`.
// `cargo xtask test` runs `tsc --noEmit --strict` on this file after building pkg/.
// Each @ts-expect-error fails the check if the line it marks ever type-checks.
import init, { mount, type MountOptions, type StateEventDetail } from '../../pkg/teams_collaborate.js';

await init();
const host = document.createElement('div');
const base: MountOptions = {
  record: { entityName: 'contact', id: '6b1f2c9e-3d4a-4e7b-9a51-2c8d7e0f4a13', name: 'Ava Reyes' },
  dataverseUrl: 'https://org.crm.dynamics.com',
  graphUrl: 'https://graph.microsoft.com/v1.0',
  getToken: async (resource, { forceRefresh }) => (resource === 'graph' && !forceRefresh ? 'token' : null),
};
const handle = mount(host, { ...base, mode: 'pane', formFactor: 3, flags: { tenantConsent: true, instanceEnabled: true } });
handle.update({ ...base, locale: 'fr-FR', teamsHosts: ['teams.contoso.com'] });
handle.update({ ...base, messagesIntervalSeconds: 5, recordUrl: 'https://org.crm.dynamics.com/main.aspx?etn=contact', showTitle: false });
handle.unmount();

host.addEventListener('teams-collaborate-state', (event) => {
  const detail = (event as CustomEvent<StateEventDetail>).detail;
  const reason: 'ready' | 'tenant-consent-off' | 'instance-off' | 'mobile' | 'flags-unreadable' | 'invalid-options' = detail.reason;
  console.log(detail.visible, reason);
});

// @ts-expect-error mode is "button" or "pane"
mount(host, { ...base, mode: 'sidebar' });
// @ts-expect-error getToken is required
mount(host, { record: base.record, dataverseUrl: base.dataverseUrl, graphUrl: base.graphUrl });
// @ts-expect-error record.id is required
mount(host, { ...base, record: { entityName: 'contact' } });
handle.update({ ...base, recordTypeSettings: { enabled: true, enableAutoNameChats: false, contextViewId: 'a2b1c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c51' } });
// @ts-expect-error the settings' switches are booleans
mount(host, { ...base, recordTypeSettings: { enableKickoffMessage: 'yes' } });
// @ts-expect-error recordUrl is a string
mount(host, { ...base, recordUrl: new URL('https://org.crm.dynamics.com') });
// @ts-expect-error formFactor is 0 to 3
mount(host, { ...base, formFactor: 7 });
// @ts-expect-error the element is an HTMLElement, not a selector
mount('#slot', base);
// @ts-expect-error getToken answers a resource name it knows
base.getToken('sharepoint', { forceRefresh: false });
