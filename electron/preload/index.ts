import { contextBridge, ipcRenderer } from 'electron';
import { createClient } from '../../shared/api/client.ts';

// The renderer's whole view of the system: one typed client over two IPC channels. No ipcRenderer, no Node, no
// event emitters cross the bridge — only `call` and `shell`, whose payloads the main process and the core validate.
contextBridge.exposeInMainWorld(
  'litdesk',
  createClient((channel, payload) => ipcRenderer.invoke(channel === 'api' ? 'litdesk:api' : 'litdesk:shell', payload)),
);
