/** Identifiers: GB 11643 ID numbers, disability certificate numbers, statistical region codes. Pure, no I/O, no clock. */
export * from './disabilityCert.ts'
export * from './idNumber.ts'
export * from './regionCode.ts'
export type { Bilingual, Issue, ParseResult, Position } from './shared.ts'
