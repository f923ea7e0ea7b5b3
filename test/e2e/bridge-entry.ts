import { createClient, type Invoke } from '../../shared/api/client.ts';

// The end-to-end stand-in for the preload: the same client factory, with `invoke` bound through a Playwright
// binding to the router running in the test process (DESIGN §6). Never part of the app's build.
declare global {
  interface Window { __litdeskInvoke: Invoke }
}
window.litdesk = createClient((channel, payload) => window.__litdeskInvoke(channel, payload));
