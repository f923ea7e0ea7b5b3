import type { LitDeskClient } from '../../shared/api/client.ts';

declare global {
  interface Window {
    /** The only door to the backend, exposed by the preload (or by the end-to-end bridge). */
    litdesk: LitDeskClient;
  }
}
export {};
