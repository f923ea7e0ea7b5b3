// electron-builder `afterPack` hook: flips Electron's fuses in the packed binary, before electron-builder signs it
// (a fuse flip changes the binary, so it must happen before signing). See docs/electron-shell.md.
const { FuseV1Options, FuseVersion } = require('@electron/fuses');

/** The fuse wire LitDesk ships with; every fuse is set explicitly so an Electron upgrade that adds one fails loudly. */
const FUSES = {
  version: FuseVersion.V1,
  strictlyRequireAllFuses: true,
  // macOS arm64 refuses to run an ad-hoc signed binary whose bytes changed; re-sign ad hoc after flipping.
  resetAdHocDarwinSignature: true,
  // No `ELECTRON_RUN_AS_NODE=1 LitDesk script.js`: the app binary cannot be used as a plain Node interpreter.
  [FuseV1Options.RunAsNode]: false,
  // Chromium cookie store encrypted with the OS keychain (the app sets no cookies; defence in depth).
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS cannot inject --require/--inspect into the main process.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  // --inspect / --inspect-brk are ignored: no debugger can attach to the main process or read the vault key.
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // app.asar is checked against the hash electron-builder embedded (macOS and Windows; Electron has no Linux support).
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // Load the app only from app.asar, never from a loose resources/app folder someone dropped beside it.
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // Default (off): the separate browser-process V8 snapshot is not used.
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  // Kept ON: the renderer is loaded from file:// and Vite emits `<script type="module" crossorigin>`, a CORS
  // fetch that file:// pages may only make with these privileges. Turning it off needs a custom app:// protocol
  // (protocol.handle) first; see docs/electron-shell.md.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: true,
  // Default (on): WebAssembly bounds checks by signal handler.
  [FuseV1Options.WasmTrapHandlers]: true,
};

/** @param {import('app-builder-lib').AfterPackContext} context */
exports.default = async function afterPack(context) {
  // addElectronFuses finds the executable for each platform (LitDesk.exe, LitDesk.app, the Linux binary name).
  await context.packager.addElectronFuses(context, FUSES);
};

exports.FUSES = FUSES;
