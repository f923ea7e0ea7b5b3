// `node test/support/rekey-child.ts <vaultDir>`: unlocks as the test chair and re-keys the vault through the real
// command ("Re-key now") in a loop, printing a line per finished re-key, until the parent kills it with SIGKILL at a
// random moment (test/integration/keys/kill.test.ts).
import { CHAIR, makeBackend } from './backend.ts';

const [vaultDir] = process.argv.slice(2);
if (!vaultDir) {
  process.stderr.write('usage: node test/support/rekey-child.ts <vaultDir>\n');
  process.exit(2);
}
const { client } = makeBackend({ vaultDir });
await client.call('session.login', { login: CHAIR.login, passphrase: CHAIR.passphrase });
process.stdout.write('ready\n');
for (;;) {
  const { generation } = await client.call('vault.rekey', {});
  process.stdout.write(`rekeyed ${generation}\n`);
}
