import os from 'node:os';
// `npm run bench [-- import|merge|db|job|progress|all] [--rows N] [--members N]`: each benchmark measures LitDesk against a
// baseline in the same run and prints ratios; speed targets are checked here, not in timed tests. `all` runs
// import, merge and db; `job` (a million-member production job through the router) runs only when asked.
const args = process.argv.slice(2);
const which = args.find((a) => !a.startsWith('--')) ?? 'all';
const flag = (name: string): number | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : undefined;
};

console.log(`LitDesk benchmarks on ${process.platform} ${process.arch}, Node ${process.version}, ${os.cpus().length} cores`);
if (which === 'import' || which === 'all') {
  const { runImportBench } = await import('./members.ts');
  await runImportBench({ rows: flag('rows') ?? 1_000_000 });
}
if (which === 'merge' || which === 'all') {
  const { runMergeBench } = await import('./merge.ts');
  await runMergeBench({ members: flag('members') ?? 20_000 });
}
if (which === 'db' || which === 'all') {
  const { runDbBench } = await import('./db.ts');
  runDbBench();
}
if (which === 'progress') {
  const { runProgressBench } = await import('./progress.ts');
  await runProgressBench({ members: flag('members') ?? 20_000 });
}
if (which === 'job') {
  const { runJobBench } = await import('./job.ts');
  await runJobBench({ members: flag('members') ?? 1_000_000 });
}
