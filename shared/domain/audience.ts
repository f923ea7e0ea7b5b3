import { z } from 'zod';

// Who receives a mailing: every member in good standing, or a segment of them where practicable (29 CFR 452.67).
// Members not in good standing, and members no longer on the list, are never in any audience.
export const SEGMENT_FIELDS = ['local', 'worksite', 'shift'] as const;

const value = z.string().trim().min(1).max(200);
const zip = (digits: 3 | 5) => z.string().regex(digits === 5 ? /^\d{5}$/ : /^\d{3}$/);

export const audienceFilter = z.discriminatedUnion('field', [
  z.object({ field: z.enum(SEGMENT_FIELDS), values: z.array(value).min(1).max(500) }).strict(),
  z.object({ field: z.literal('zip5'), from: zip(5), to: zip(5) }).strict(),
  z.object({ field: z.literal('zip3'), from: zip(3), to: zip(3) }).strict(),
  /** A committee-chosen segment field kept at import (e.g. "unit", "classification"). */
  z.object({ field: z.literal('custom'), name: value, values: z.array(value).min(1).max(500) }).strict(),
]);

export const audience = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('allGoodStanding') }).strict(),
  z.object({ kind: z.literal('segment'), combine: z.enum(['and', 'or']), filters: z.array(audienceFilter).min(1).max(20) }).strict(),
]);

export type AudienceFilter = z.infer<typeof audienceFilter>;
export type Audience = z.infer<typeof audience>;
