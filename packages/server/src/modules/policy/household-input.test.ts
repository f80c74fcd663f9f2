import { HEALTH, LABOUR_SKILL, SCHOOL_STATUS } from '@xianjie/rules'
import { describe, expect, test } from 'vitest'
import { healthStates, labourSkills, schoolStatuses } from '../households/codes.ts'
import { SCHOOL_STATUS_ENGINE } from './household-input.ts'

describe('registry codes reach the engine as values it accepts', () => {
  test('every 在校生状况 of the registry is one of the engine’s (a drop-out and a pre-school child are out of school)', () => {
    const engine = new Set<string>(SCHOOL_STATUS.enum)
    const unmapped = schoolStatuses.map((s) => s.code).filter((c) => !engine.has(SCHOOL_STATUS_ENGINE[c] ?? c))
    expect(unmapped).toEqual([])
    expect(SCHOOL_STATUS_ENGINE.DROPOUT).toBe('NOT_IN_SCHOOL')
    expect(SCHOOL_STATUS_ENGINE.SENIOR).toBe('SENIOR_HIGH')
  })

  test('health and labour codes of the registry are the engine’s own (relations outside the engine’s roles count as other)', () => {
    expect(healthStates.map((h) => h.code).filter((c) => !(HEALTH.enum as readonly string[]).includes(c))).toEqual([])
    expect(
      labourSkills.map((l) => l.code).filter((c) => !(LABOUR_SKILL.enum as readonly string[]).includes(c)),
    ).toEqual([])
  })
})
