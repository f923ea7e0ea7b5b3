import { Alert, Button, Group, Modal, Progress, Stack, Stepper, Text } from '@mantine/core';
import { IconCircleCheck, IconFileSpreadsheet } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  ColumnMappingInput, ImportOutcome, ImportPreview, ImportProgress, ImportValidation, MemberEncoding,
} from '../../../../shared/api/commands/members.ts';
import { asAppError, useClient } from '../../app/client.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { MappingStep, mappingBlockers } from './MappingStep.tsx';
import { DiffStep, ReportStep } from './ReportStep.tsx';
import { StandingStep, guessGood } from './StandingStep.tsx';
import { useImportProgress } from './useImportProgress.ts';

type Step = 0 | 1 | 2 | 3 | 4 | 5;

/** File -> columns -> check -> changes -> standing -> confirm. Nothing is written before the last step. */
export function ImportWizard({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation('members');
  const client = useClient();
  const { progress, track, cancel } = useImportProgress();
  const [step, setStep] = useState<Step>(0);
  const [path, setPath] = useState<string | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [encoding, setEncoding] = useState<MemberEncoding | null>(null);
  const [mapping, setMapping] = useState<ColumnMappingInput>({});
  const [notAddress, setNotAddress] = useState<number[]>([]);
  const [keep, setKeep] = useState<Array<{ memberId: string; row: number }>>([]);
  const [removalTyped, setRemovalTyped] = useState('');
  const [validation, setValidation] = useState<ImportValidation | null>(null);
  const [skip, setSkip] = useState(false);
  const [standing, setStanding] = useState<Record<string, boolean>>({});
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // The refusal shows above the step; the staffer clicked a button at the bottom of a long step: bring it into view.
  const errorRef = useRef<HTMLDivElement>(null);
  useEffect(() => { if (error) errorRef.current?.scrollIntoView({ block: 'start' }); }, [error]);

  const guarded = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try { await fn(); } catch (e) { setError(asAppError(e)); } finally { setBusy(false); }
  };

  const loadPreview = (p: string, enc: MemberEncoding | null) => guarded(async () => {
    const pv = await client.call('members.importPreview', { path: p, ...(enc ? { encoding: enc } : {}) });
    setPreview(pv);
    setMapping(pv.mapping);
    setNotAddress([]);
    setKeep([]);
    setStep(1);
  });
  const pick = () => guarded(async () => {
    const p = await client.shell({ op: 'pickFile', purpose: 'memberList' });
    if (!p) return;
    setPath(p);
    setEncoding(null);
    setValidation(null);
    await loadPreview(p, null);
  });
  const check = (chosen = keep) => guarded(async () => {
    const v = await track(client.call('members.importValidate', {
      path: path!, mapping, ...(encoding ? { encoding } : {}), ...(notAddress.length ? { notAddress } : {}), ...(chosen.length ? { keep: chosen } : {}),
    }));
    setValidation(v);
    setSkip(false);
    setRemovalTyped('');
    setStanding(Object.fromEntries(v.statuses.map((s) => [s.value, s.good ?? guessGood(s.value)])));
    setStep(2);
  });
  const commit = () => guarded(async () => {
    if (validation!.statuses.length > 0) {
      await client.call('members.standingMap', { values: Object.entries(standing).map(([status, good]) => ({ status, good })) });
    }
    const o = await track(client.call('members.importCommit', {
      token: validation!.token, skipInvalid: skip, ...(massRemoval ? { confirmNoLongerOnList: Number(removalTyped) } : {}),
    }));
    setOutcome(o);
    if (o.status === 'committed') onDone();
  });

  /** The committee chose which of the rows sharing a member ID is imported: check the file again with that choice. */
  const keepRow = (memberId: string, row: number) => {
    const next = [...keep.filter((k) => k.memberId !== memberId), { memberId, row }];
    setKeep(next);
    void check(next);
  };

  const d = validation?.diff;
  const massRemoval = d !== undefined && d.noLongerOnList > 0 && d.noLongerOnList * 2 > (d.activeBefore ?? 0);
  const removalConfirmed = !massRemoval || removalTyped.trim() === String(d.noLongerOnList);
  const canLeaveReport = validation !== null && !validation.fatal && validation.valid > 0 && (validation.rowsWithProblems === 0 || skip);

  return (
    <Modal opened onClose={busy ? () => undefined : onClose} size={1040} title={t('import.title')} closeOnEscape={!busy} data-testid="import-wizard">
      <Stepper active={step} size="xs" mb="md" allowNextStepsSelect={false}>
        <Stepper.Step label={t('import.steps.file')} />
        <Stepper.Step label={t('import.steps.columns')} />
        <Stepper.Step label={t('import.steps.check')} />
        <Stepper.Step label={t('import.steps.changes')} />
        <Stepper.Step label={t('import.steps.standing')} />
        <Stepper.Step label={t('import.steps.confirm')} />
      </Stepper>
      {/* scroll margin: clear of the modal's sticky title */}
      <div ref={errorRef} style={{ scrollMarginTop: 72 }}><ErrorAlert error={error} /></div>
      {step === 0 && (
        <Stack align="center" py="lg">
          <Text size="sm" c="dimmed" ta="center" maw={520}>{t('import.fileHint')}</Text>
          <Button leftSection={<IconFileSpreadsheet size={18} />} onClick={pick} loading={busy} data-testid="import-pick">{t('import.pick')}</Button>
        </Stack>
      )}
      {step === 1 && preview && (
        <>
          {preview.fatal && <ReportStep v={fatalOnly(preview)} skip={false} onSkip={() => undefined} />}
          {!preview.fatal && (
            <MappingStep preview={preview} mapping={mapping} onMapping={setMapping} encoding={encoding}
              onEncoding={(e) => { setEncoding(e); void loadPreview(path!, e); }} notAddress={notAddress} onNotAddress={setNotAddress} />
          )}
          <Busy progress={progress} busy={busy} onCancel={cancel} />
          <Group justify="space-between" mt="md">
            <Button variant="default" onClick={() => setStep(0)} disabled={busy}>{t('import.otherFile')}</Button>
            <Button onClick={() => check()} loading={busy} disabled={!!preview.fatal || mappingBlockers(preview, mapping, notAddress).length > 0} data-testid="import-check">{t('import.check')}</Button>
          </Group>
        </>
      )}
      {step === 2 && validation && (
        <>
          <ReportStep v={validation} skip={skip} onSkip={setSkip} headers={preview?.headers ?? []} onKeep={keepRow} />
          <Busy progress={progress} busy={busy} onCancel={cancel} />
          <Group justify="space-between" mt="md">
            <Button variant="default" onClick={() => setStep(1)}>{t('import.backToColumns')}</Button>
            <Button onClick={() => setStep(3)} disabled={!canLeaveReport} data-testid="import-next">{t('import.next')}</Button>
          </Group>
        </>
      )}
      {step === 3 && validation && (
        <>
          <DiffStep v={validation} typed={removalTyped} onTyped={setRemovalTyped} />
          <Group justify="space-between" mt="md">
            <Button variant="default" onClick={() => setStep(2)}>{t('import.back')}</Button>
            <Button onClick={() => setStep(4)} disabled={!removalConfirmed} data-testid="import-next">{t('import.next')}</Button>
          </Group>
        </>
      )}
      {step === 4 && validation && (
        <>
          <StandingStep statuses={validation.statuses} map={standing} onChange={setStanding} />
          <Group justify="space-between" mt="md">
            <Button variant="default" onClick={() => setStep(3)}>{t('import.back')}</Button>
            <Button onClick={() => setStep(5)} data-testid="import-next">{t('import.next')}</Button>
          </Group>
        </>
      )}
      {step === 5 && validation && (
        <Stack>
          {!outcome && (
            <Alert color="blue" variant="light">
              {t('confirm.summary', { valid: validation.valid, added: validation.diff.added, changed: validation.diff.changed, leaving: validation.diff.noLongerOnList })}
              {skip && validation.rowsWithProblems > 0 && <Text size="sm" mt={4}>{t('confirm.skipping', { count: validation.rowsWithProblems })}</Text>}
            </Alert>
          )}
          <Busy progress={progress} busy={busy} onCancel={cancel} />
          {outcome?.status === 'committed' && (
            <Alert color="teal" icon={<IconCircleCheck />} data-testid="import-done">
              {t('confirm.done', { added: outcome.added, changed: outcome.changed, deactivated: outcome.deactivated, skipped: outcome.skipped })}
            </Alert>
          )}
          {outcome?.status === 'cancelled' && <Alert color="orange" data-testid="import-cancelled">{t('confirm.cancelled')}</Alert>}
          <Group justify="space-between">
            <Button variant="default" onClick={() => setStep(4)} disabled={busy || outcome?.status === 'committed'}>{t('import.back')}</Button>
            {outcome?.status === 'committed'
              ? <Button onClick={onClose} data-testid="import-close">{t('import.close')}</Button>
              : <Button color="teal" onClick={commit} loading={busy} data-testid="import-confirm">{t('confirm.button', { count: validation.valid })}</Button>}
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

function Busy({ progress, busy, onCancel }: { progress: ImportProgress | null; busy: boolean; onCancel: () => void }) {
  const { t } = useTranslation('members');
  if (!busy || !progress || progress.phase === 'idle') return null;
  const pct = progress.totalBytes > 0 ? Math.min(100, (progress.bytes / progress.totalBytes) * 100) : 0;
  return (
    <Stack gap={4} my="sm" data-testid="import-progress">
      <Group justify="space-between">
        <Text size="sm">{t(`progress.${progress.phase}`, { rows: progress.rows })}</Text>
        <Button size="xs" variant="light" color="red" onClick={onCancel} disabled={progress.cancelling} data-testid="import-cancel">{t('progress.cancel')}</Button>
      </Group>
      <Progress value={pct} animated />
    </Stack>
  );
}

/** A preview that already shows the file cannot be imported, as a report. */
function fatalOnly(p: ImportPreview): ImportValidation {
  return {
    token: '', kind: p.kind ?? 'csv', encoding: p.encoding, rows: 0, valid: 0, rowsWithProblems: 0, problems: [], problemCounts: {},
    problemsTruncated: false, warnings: [], dropped: p.dropped, fatal: p.fatal, statuses: [],
    diff: { added: 0, changed: 0, unchanged: 0, noLongerOnList: 0, changedFields: {}, addedRows: [], changedRows: [], noLongerOnListIds: [] },
  };
}
