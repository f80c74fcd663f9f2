import { computeCheckChar } from '@xianjie/rules/identifiers'
import { describe, expect, test } from 'vitest'
import { R, type Session, useTestPlatform } from '../../../test/harness.ts'
import { ASSESSMENT_ITEMS } from '../policy/household-input.ts'
import { ITEM_LABELS } from './assessments.service.ts'
import { assessedItems } from './codes.ts'

const t = useTestPlatform()

let seq = 400
function makeId(birth: string, sex: 'm' | 'f'): string {
  seq += 2
  const s = String(sex === 'm' ? seq + 1 : seq)
    .padStart(3, '0')
    .slice(-3)
  const first17 = `622926${birth}${s}`
  return first17 + computeCheckChar(first17)
}

async function create(s: Session) {
  const res = await t.call('POST', '/api/households', {
    as: s,
    json: {
      regionCode: R.village,
      householdType: 'GENERAL',
      members: [
        { name: '马哈麦', idNumber: makeId('19700315', 'm'), relationToHead: 'HEAD' },
        { name: '马秀兰', idNumber: makeId('19720101', 'f'), relationToHead: 'SPOUSE' },
      ],
    },
  })
  if (res.statusCode !== 200) throw new Error(res.body)
  return res.json().data as { id: string; version: number }
}

const secured = {
  foodClothingOk: true,
  compulsoryEducationOk: true,
  medicalInsuranceOk: true,
  housingSafetyOk: true,
  drinkingWaterOk: true,
}

describe('income assessments and 三保障 checks recorded in the registry (domain.md §5.3, §5.4)', () => {
  test('the forms ask for exactly the items the engine counts, each with a label', () => {
    expect([...assessedItems].sort()).toEqual(Object.keys(ASSESSMENT_ITEMS).sort())
    expect(Object.keys(ITEM_LABELS).sort()).toEqual(Object.keys(ASSESSMENT_ITEMS).sort())
  })

  test('computed by the engine with its explanation, prefilled from the latest, versioned, audited', async () => {
    const cadre = await t.login(await t.user({ role: 'VILLAGE_CADRE', region: R.village }))
    const h = await create(cadre)
    const first = await t.call('POST', `/api/households/${h.id}/assessments`, {
      as: cadre,
      json: {
        version: h.version,
        date: '2026-11-20',
        items: { migrant_work: 2_000_000, crops: 600_000, crops_cost: 200_000 },
        guarantees: { ...secured, housingSafetyOk: false, details: { housingSafetyOk: 'C 级危房' } },
      },
    })
    expect(first.statusCode, first.body).toBe(200)
    const a = first.json().data
    // net = 20 000 + 6 000 − 2 000 yuan; two members present the whole window
    expect(a).toMatchObject({ netIncome: 2_400_000, householdSize: 2, perCapitaNet: 1_200_000, guaranteesOk: false })
    expect(a.version).toBe(h.version + 1)
    expect(a.engine.explanation.map((x: { variable: string }) => x.variable)).toContain('per_capita_net')
    expect(a.engine.explanation.some((x: { params?: string[] }) => x.params?.length)).toBe(true)
    const row = await t.deps.db
      .selectFrom('income_assessment')
      .selectAll()
      .where('id', '=', a.assessmentId)
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({ assessment_type: 'ANNUAL', period_start: '2025-11-21', period_end: '2026-11-20' })
    expect(Number(row.wage)).toBe(2_000_000)
    expect(Number(row.business_costs)).toBe(200_000)
    const g = await t.deps.db
      .selectFrom('guarantee_check')
      .selectAll()
      .where('household_id', '=', h.id)
      .executeTakeFirstOrThrow()
    expect(g).toMatchObject({ housing_safety_ok: false, drinking_water_ok: true, checked_on: '2026-11-20' })

    // the wage changed and the crop costs are gone (null): the other items are the latest assessment's
    const second = await t.call('POST', `/api/households/${h.id}/assessments`, {
      as: cadre,
      json: {
        version: a.version,
        type: 'REVIEW',
        date: '2026-11-27',
        items: { migrant_work: 1_000_000, crops_cost: null },
      },
    })
    expect(second.statusCode, second.body).toBe(200)
    expect(second.json().data).toMatchObject({
      items: { migrant_work: 1_000_000, crops: 600_000 },
      netIncome: 1_600_000,
      perCapitaNet: 800_000,
      guaranteesOk: null,
    })

    const detail = (await t.call('GET', `/api/households/${h.id}`, { as: cadre })).json().data
    expect(detail.assessment).toMatchObject({ assessmentType: 'REVIEW', perCapitaNet: 800_000 })
    expect(detail.guarantee).toMatchObject({ housing_safety_ok: false })
    const history = (await t.call('GET', `/api/households/${h.id}/history`, { as: cadre })).json().data
    const latest = history.find((v: { version: number }) => v.version === second.json().data.version)
    expect(latest.action).toBe('assessment.review')
    expect(latest.changes.map((c: { path: string }) => c.path)).toContain('assessment.per_capita_net')
    const audit = await t.deps.db.selectFrom('audit_event').select('action').where('subject_id', '=', h.id).execute()
    expect(audit.map((x) => x.action)).toEqual(
      expect.arrayContaining(['household.assessment.annual', 'household.assessment.review']),
    )

    // a guarantee check alone
    const check = await t.call('POST', `/api/households/${h.id}/guarantee-checks`, {
      as: cadre,
      json: { version: second.json().data.version, date: '2026-11-28', ...secured },
    })
    expect(check.statusCode, check.body).toBe(200)
    expect(check.json().data).toMatchObject({ guaranteesOk: true, version: second.json().data.version + 1 })
  })

  test('a stale version conflicts, another village is out of reach, bad input is named per field', async () => {
    const cadre = await t.login(await t.user({ role: 'VILLAGE_CADRE', region: R.village }))
    const other = await t.login(await t.user({ role: 'VILLAGE_CADRE', region: R.otherVillage }))
    const h = await create(cadre)
    const body = { version: h.version, date: '2026-11-20', items: { migrant_work: 1_000_000 } }
    const outside = await t.call('POST', `/api/households/${h.id}/assessments`, { as: other, json: body })
    expect(outside.statusCode).toBe(404)
    const outsideCheck = await t.call('POST', `/api/households/${h.id}/guarantee-checks`, {
      as: other,
      json: { version: h.version, date: '2026-11-20', ...secured },
    })
    expect(outsideCheck.statusCode).toBe(404)
    expect(
      await t.deps.db.selectFrom('income_assessment').select('id').where('household_id', '=', h.id).execute(),
    ).toHaveLength(0)

    expect((await t.call('POST', `/api/households/${h.id}/assessments`, { as: cadre, json: body })).statusCode).toBe(
      200,
    )
    const stale = await t.call('POST', `/api/households/${h.id}/assessments`, { as: cadre, json: body })
    expect(stale.statusCode).toBe(409)
    expect(stale.json().error.details.currentVersion).toBe(h.version + 1)
    const staleCheck = await t.call('POST', `/api/households/${h.id}/guarantee-checks`, {
      as: cadre,
      json: { version: h.version, date: '2026-11-20', ...secured },
    })
    expect(staleCheck.statusCode).toBe(409)

    const bad = await t.call('POST', `/api/households/${h.id}/assessments`, {
      as: cadre,
      json: { version: h.version + 1, date: '2026-11-20', items: { lottery: 100 } },
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.details.issues[0]).toMatchObject({ field: 'items.lottery' })
    const future = await t.call('POST', `/api/households/${h.id}/assessments`, {
      as: cadre,
      json: { version: h.version + 1, date: '2027-01-01' },
    })
    expect(future.statusCode).toBe(400)
    expect(future.json().error.details.issues[0].field).toBe('date')
    // a helper reads the registry but does not edit it
    const helper = await t.login(await t.user({ role: 'HELPER', region: R.village }))
    expect((await t.call('POST', `/api/households/${h.id}/assessments`, { as: helper, json: body })).statusCode).toBe(
      403,
    )
  })
})
