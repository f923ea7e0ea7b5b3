import { Badge, Box, Group, Image, Pagination, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProofView } from '../../../../shared/api/commands/elections.ts';

/**
 * The proof on screen: every page that prints, as rendered by the core (when this machine has a PDF rasteriser),
 * one at a time with page buttons (issue 16 §9); otherwise a scale drawing of the sheet with the envelope window and
 * the specimen address. The PDF itself is saved with the native Save dialog; the renderer cannot embed PDFs (no
 * pdf.js; the CSP refuses blob: frames).
 */
export function ProofPanel({ proof }: { proof: ProofView }) {
  const { t } = useTranslation('elections');
  const [page, setPage] = useState(1);
  const s = 0.5; // pixels per point
  const pages = proof.previewPages.length;
  const png = proof.previewPages[Math.min(page, pages) - 1];
  return (
    <Stack gap="xs" data-testid="proof-panel">
      <Group gap="xs">
        <Badge variant="light">{t('proof.pages', { count: proof.pages })}</Badge>
        <Badge variant="light">{t(`proof.mode.${proof.addressMode}`)}</Badge>
        <Text size="xs" c="dimmed" ff="monospace">SHA-256 {proof.sha256.slice(0, 16)}…</Text>
      </Group>
      {png
        ? (
          <>
            {pages > 1 && (
              <Pagination total={pages} value={page} onChange={setPage} size="sm" aria-label={t('proof.pageNav')} data-testid="proof-pages"
                getItemProps={(p) => ({ 'aria-label': t('proof.previewAlt', { page: p, pages }) })}
                getControlProps={(control) => ({ 'aria-label': t(control === 'previous' || control === 'first' ? 'proof.previousPage' : 'proof.nextPage') })} />
            )}
            <Image src={`data:image/png;base64,${png}`} alt={t('proof.previewAlt', { page, pages })} w={459} maw="100%"
              style={{ border: '1px solid #ccc' }} data-testid="proof-preview" data-page={page} />
          </>
        )
        : (
          <Box w={612 * s} h={792 * s} pos="relative" style={{ border: '1px solid #ccc', background: 'white' }} data-testid="proof-diagram">
            <Box pos="absolute" left={proof.window.xPt * s} top={(792 - proof.window.yPt - proof.window.hPt) * s} w={proof.window.wPt * s} h={proof.window.hPt * s}
              style={{ border: '1px dashed #888', padding: 9 * s, fontSize: 10 * s * 1.2, lineHeight: 1.2 }}>
              {proof.specimen.map((l) => <div key={l}>{l}</div>)}
            </Box>
          </Box>
        )}
      <Text size="xs" c="dimmed">{t('proof.specimenNote')}</Text>
    </Stack>
  );
}
