import { Badge, CloseButton, createTheme, type CSSVariablesResolver, type MantineThemeOverride } from '@mantine/core';

/** `closeLabel`: every close button (modals, drawers, notifications, alerts) is named for screen readers, in the
 * user's language; Mantine leaves them unnamed, which axe-core reports as critical (issue 16 §7). */
export function themeFor(closeLabel: string): MantineThemeOverride {
  return createTheme({
    primaryColor: 'teal', defaultRadius: 'md', fontFamily: 'system-ui, "DejaVu Sans", sans-serif',
    components: {
      CloseButton: CloseButton.extend({ defaultProps: { 'aria-label': closeLabel } as Record<string, string> }),
      // Status badges wrap instead of ending in an ellipsis (issue 16 §9): Spanish and Vietnamese states ("Cotizada —
      // espera la aprobación del candidato", "Số tiền phải trả trước khi phát hành: …") were cut at 1024 px. Mantine
      // sets nowrap and overflow hidden on the label, which also lets a table squeeze the badge below its longest
      // word; a wrapped badge grows in height instead (test/e2e/first-day-badges.test.ts).
      Badge: Badge.extend({
        styles: {
          // A wrapped badge is a rounded box, not a tall pill: the pill's radius is capped at half one line's height.
          root: { height: 'auto', minHeight: 'var(--badge-height)', maxWidth: '100%', overflow: 'visible', paddingBlock: 2,
            borderRadius: 'min(var(--badge-radius), calc(var(--badge-height) / 2))' },
          label: { whiteSpace: 'normal', overflow: 'visible', textOverflow: 'clip', lineHeight: 1.3 },
        },
      }),
    },
  });
}

/**
 * Mantine's shade 6 (its default for filled buttons, badges, light-variant text and coloured text) gives 2.3-3.6:1
 * against white or its own light tint for teal, orange, red, blue, green: below the 4.5:1 WCAG AA asks for body text,
 * and axe-core reports it as serious on every screen (issue 16 §7). One darker shade per colour, chosen so that white
 * on it, it on its light tint, and it on white all reach 4.5:1 (checked by the e2e axe run). Dimmed text: gray 7.
 */
const TEXT_SAFE: Record<string, string> = {
  teal: '#076c4d', orange: '#b03a08', red: '#c92a2a', blue: '#1864ab', yellow: '#8c5a00', green: '#216e32', gray: '#495057',
  grape: '#862e9c', cyan: '#0b7285', violet: '#5f3dc4', indigo: '#364fc7', pink: '#a61e4d', lime: '#4f7a0f',
};

export const cssVariablesResolver: CSSVariablesResolver = () => {
  const light: Record<string, string> = { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' };
  for (const [color, value] of Object.entries(TEXT_SAFE)) {
    Object.assign(light, {
      [`--mantine-color-${color}-filled`]: value,
      [`--mantine-color-${color}-filled-hover`]: `color-mix(in srgb, ${value}, black 15%)`,
      [`--mantine-color-${color}-light-color`]: value,
      [`--mantine-color-${color}-text`]: value,
      [`--mantine-color-${color}-outline`]: value,
    });
  }
  return { variables: {}, light, dark: {} };
};
