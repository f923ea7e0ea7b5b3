import { Alert, Badge, Checkbox, Group, List, MultiSelect, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconShieldLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import {
  MAPPED_FIELDS, type ColumnMappingInput, type ImportPreview, type MappedFieldName, type MemberEncoding,
} from '../../../../shared/api/commands/members.ts';
import { sensitiveName } from '../../../../shared/domain/sensitive-column.ts';
import { noCopy } from './noCopy.ts';

const ENCODINGS: MemberEncoding[] = ['utf8', 'utf8bom', 'utf16le', 'utf16be', 'windows1252', 'windows1258'];
const REQUIRED: MappedFieldName[] = ['memberId', 'address1', 'city', 'state', 'zip'];

/** Columns the mapping does not use, with the reason LitDesk does not keep them (data minimisation). */
export function droppedNow(preview: ImportPreview, mapping: ColumnMappingInput): Array<{ column: string; index: number; reason: string }> {
  const used = new Set<number>([
    ...MAPPED_FIELDS.map((f) => mapping[f]).filter((c): c is number => c !== undefined),
    ...Object.values(mapping.segments ?? {}),
  ]);
  return preview.headers.map((h, index) => ({ column: h || `#${index + 1}`, index, reason: preview.dropped.find((d) => d.index === index)?.reason ?? 'drop.notNeeded' }))
    .filter((c) => !used.has(c.index));
}

/** Address-looking columns neither used by the mapping nor declared "not part of the mailing address". */
export function unmappedAddress(preview: ImportPreview, mapping: ColumnMappingInput, notAddress: readonly number[]): number[] {
  const used = new Set<number>([
    ...MAPPED_FIELDS.map((f) => mapping[f]).filter((c): c is number => c !== undefined),
    ...Object.values(mapping.segments ?? {}),
  ]);
  return (preview.addressLike ?? []).filter((i) => !used.has(i) && !notAddress.includes(i));
}

/** Why the file cannot be checked yet, in words (empty: it can). The core refuses the same cases. */
export function mappingBlockers(preview: ImportPreview, mapping: ColumnMappingInput, notAddress: readonly number[]):
  Array<{ kind: 'field'; field: MappedFieldName } | { kind: 'name' } | { kind: 'address'; column: string; index: number }> {
  const out: ReturnType<typeof mappingBlockers> = [];
  for (const f of REQUIRED) if (mapping[f] === undefined) out.push({ kind: 'field', field: f });
  if (mapping.fullName === undefined && mapping.firstName === undefined && mapping.lastName === undefined) out.push({ kind: 'name' });
  for (const i of unmappedAddress(preview, mapping, notAddress)) out.push({ kind: 'address', column: preview.headers[i] || `#${i + 1}`, index: i });
  return out;
}

export function MappingStep({ preview, mapping, onMapping, encoding, onEncoding, notAddress = [], onNotAddress = () => undefined }: {
  preview: ImportPreview;
  mapping: ColumnMappingInput;
  onMapping: (m: ColumnMappingInput) => void;
  encoding: MemberEncoding | null;
  onEncoding: (e: MemberEncoding) => void;
  notAddress?: number[];
  onNotAddress?: (cols: number[]) => void;
}) {
  const { t } = useTranslation('members');
  const columns = preview.headers.map((h, i) => ({ value: String(i), label: h || t('import.columnN', { n: i + 1 }) }));
  const set = (field: MappedFieldName, v: string | null) => {
    const next = { ...mapping };
    if (v === null) delete next[field];
    else next[field] = Number(v);
    onMapping(next);
  };
  const dropped = droppedNow(preview, mapping);
  const segmentCols = Object.values(mapping.segments ?? {}).map(String);
  const sensitive = new Set(['drop.ssn', 'drop.dateOfBirth', 'drop.phone', 'drop.pay', 'drop.gender', 'drop.race']);
  const shown = MAPPED_FIELDS.map((f) => mapping[f]).filter((c): c is number => c !== undefined);
  const blockers = mappingBlockers(preview, mapping, notAddress);
  // Address-looking columns the committee has ticked stay listed so the tick can be taken back.
  const addressChoices = (preview.addressLike ?? []).filter((i) => !shown.includes(i) && !Object.values(mapping.segments ?? {}).includes(i));

  return (
    <Stack gap="md">
      <Group>
        {preview.kind && <Badge variant="light">{preview.kind.toUpperCase()}</Badge>}
        {preview.kind === 'csv' && (
          <Select label={t('import.encoding')} w={260} data-testid="import-encoding" allowDeselect={false}
            value={encoding ?? preview.encoding} onChange={(v) => v && onEncoding(v as MemberEncoding)}
            data={ENCODINGS.map((e) => ({ value: e, label: t(`import.encodings.${e}`) }))} />
        )}
      </Group>
      {mapping.memberId === undefined && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} data-testid="no-id-column">{t('import.noIdColumnWords')}</Alert>
      )}
      {addressChoices.map((i) => {
        const column = preview.headers[i] || t('import.columnN', { n: i + 1 });
        const ticked = notAddress.includes(i);
        return (
          <Alert key={i} color={ticked ? 'gray' : 'red'} variant="light" icon={<IconAlertTriangle size={18} />} data-testid={`address-unmapped-${i}`}>
            {!ticked && <Text size="sm" mb={6}>{t('import.addressUnmapped', { column })}</Text>}
            <Checkbox checked={ticked} label={t('import.notAddress', { column })} data-testid={`not-address-${i}`}
              onChange={(e) => onNotAddress(e.currentTarget.checked ? [...notAddress, i] : notAddress.filter((c) => c !== i))} />
          </Alert>
        );
      })}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xs">
        {MAPPED_FIELDS.map((field) => (
          <Select key={field} label={t(`fields.${field}`)} data-testid={`map-${field}`} clearable searchable
            description={field === 'deliveryPoint' ? t('import.deliveryPointHint') : undefined}
            withAsterisk={REQUIRED.includes(field)} placeholder={t('import.notInFile')}
            value={mapping[field] === undefined ? null : String(mapping[field])} data={columns} onChange={(v) => set(field, v)} />
        ))}
      </SimpleGrid>
      <MultiSelect label={t('import.segmentColumns')} description={t('import.segmentColumnsHint')} data-testid="map-segments"
        data={columns.filter((c) => !shown.includes(Number(c.value)) && sensitiveName(preview.headers[Number(c.value)] ?? '') === null)} value={segmentCols}
        onChange={(vals) => onMapping({ ...mapping, segments: Object.fromEntries(vals.map((v) => [segmentName(preview.headers[Number(v)] ?? '', Number(v)), Number(v)])) })} />
      <Alert color="gray" variant="light" icon={<IconShieldLock size={18} />} title={t('import.droppedTitle')} data-testid="dropped-columns">
        {dropped.length === 0 ? t('import.droppedNone') : (
          <Stack gap={2}>
            {dropped.map((d) => (
              <Text key={d.index} size="sm">
                <b>{d.column}</b>: {t(`drop.${d.reason.replace('drop.', '')}`)}
                {sensitive.has(d.reason) && <Badge ml="xs" size="xs" color="orange">{t('import.sensitive')}</Badge>}
              </Text>
            ))}
          </Stack>
        )}
      </Alert>
      {blockers.length > 0 && (
        <Alert color="orange" variant="light" title={t('import.whyNotCheck')} data-testid="import-blockers">
          <List size="sm">
            {blockers.map((b, i) => (
              <List.Item key={i}>
                {b.kind === 'field' ? t('import.needField', { field: t(`fields.${b.field}`) })
                  : b.kind === 'name' ? t('import.needName') : t('import.addressUnmapped', { column: b.column })}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      <div>
        <Title order={5} mb={4}>{t('import.sample')}</Title>
        <Table.ScrollContainer minWidth={600}>
          <Table fz="xs" striped withTableBorder data-testid="import-sample" {...noCopy}>
            <Table.Thead><Table.Tr><Table.Th>#</Table.Th>{MAPPED_FIELDS.filter((f) => mapping[f] !== undefined).map((f) => <Table.Th key={f}>{t(`fields.${f}`)}</Table.Th>)}</Table.Tr></Table.Thead>
            <Table.Tbody>
              {preview.rows.slice(0, 5).map((r) => (
                <Table.Tr key={r.rowNumber}><Table.Td>{r.rowNumber}</Table.Td>
                  {MAPPED_FIELDS.filter((f) => mapping[f] !== undefined).map((f) => <Table.Td key={f}>{r.cells[mapping[f]!] ?? ''}</Table.Td>)}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </div>
    </Stack>
  );
}

/** A segment field's name from its column header (letters, digits, spaces, '-', '_'; at most 60). */
function segmentName(header: string, index: number): string {
  const name = header.normalize('NFC').replace(/[^\p{L}\p{N} _-]+/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, 60).toLowerCase();
  return name || `column ${index + 1}`;
}
