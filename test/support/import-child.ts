// `node test/support/import-child.ts <vaultDir> <csv>`: signs in as the test chair and imports the list through the
// real commands, printing a marker line before each step so a parent can kill it at a chosen moment (kill.test.ts).
import { CHAIR, makeBackend } from './backend.ts';
import { OFFICE_HEADER, SYNTHETIC_STANDING } from './members.ts';

const [vaultDir, csv] = process.argv.slice(2);
if (!vaultDir || !csv) {
  process.stderr.write('usage: node test/support/import-child.ts <vaultDir> <csv>\n');
  process.exit(2);
}
const say = (line: string) => process.stdout.write(`${line}\n`);

const { backend, client } = makeBackend({ vaultDir });
await client.call('session.login', { login: CHAIR.login, passphrase: CHAIR.passphrase });
backend.grants.grantFile(csv, 'memberList');
say('validate');
const preview = await client.call('members.importPreview', { path: csv });
const mapping = { ...preview.mapping, segments: { classification: OFFICE_HEADER.indexOf('Classification') } };
const validation = await client.call('members.importValidate', { path: csv, mapping });
await client.call('members.standingMap', { values: Object.entries(SYNTHETIC_STANDING).map(([status, good]) => ({ status, good })) });
say('commit');
const outcome = await client.call('members.importCommit', { token: validation.token, skipInvalid: true });
backend.lock('done');
say(`done ${JSON.stringify(outcome)}`);
// The kill test wants every child killed, even one that finished: it stays alive until the parent's SIGKILL.
if (process.env['LITDESK_CHILD_LINGER']) setInterval(() => undefined, 1 << 30);
