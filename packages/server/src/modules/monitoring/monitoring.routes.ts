/**
 * Monitoring routes: registers the §7.1 identification case type (import side effect), opens cases for converted
 * department warnings, and takes public self-declarations (no login) that open a case with a receipt code.
 */
import { WARNING_RULES } from '@xianjie/rules'
import { isValidIdNumber } from '@xianjie/rules/identifiers'
import { z } from 'zod'
import type { AppDeps } from '../../platform/deps.ts'
import { AppError } from '../../platform/errors.ts'
import type { App } from '../../platform/http.ts'
import { errorResponses, single } from '../../platform/schema.ts'
import type { Actor } from '../auth/actor.ts'
import { onWarningConverted } from '../warnings/warnings.service.ts'
import { openCase } from '../workflow/workflow.service.ts'
import { assistanceRoutes } from './assistance.routes.ts'
import './elimination.ts'
import './monitoring.ident.ts'
import { chinaDate } from '../../platform/clock.ts'
import { policyModel } from '../policy/household-input.ts'

/** A warning rule by its name for officials (the label of its screening variable in the policy model). */
function warningRuleName(code: string): string {
  const rule = WARNING_RULES.find((r) => r.code === code)
  return rule ? policyModel().variable(rule.screen).label.zh : '其他预警'
}

let hooked = false
/** CONVERTED warnings open a MONITORING_IDENT case (channel DEPT_WARNING) for the cadre who converted them. */
export function wireWarnings(): void {
  if (hooked) return
  hooked = true
  onWarningConverted(async ({ warning, actor, deps }) => {
    await openCase(deps, actor, 'MONITORING_IDENT', {
      householdId: warning.household_id,
      openedOn: warning.opened_on,
      values: {
        channel: 'DEPT_WARNING',
        reason: `部门预警：${warning.rules.map(warningRuleName).join('、')}`,
        warningId: warning.id,
      },
    })
  })
}

const Declaration = z.object({
  name: z.string().trim().min(1).max(40),
  idNumber: z.string().trim().min(15).max(18),
  phone: z.string().regex(/^1\d{10}$/),
  villageCode: z.string().regex(/^\d{12}$/),
  reason: z.string().trim().min(2).max(1000),
})

export function monitoringRoutes(app: App, deps: AppDeps): void {
  wireWarnings()
  assistanceRoutes(app, deps)
  app.post(
    '/api/public/declarations',
    {
      config: { public: true, rateLimit: { max: 5, timeWindow: '1 minute' } },
      schema: {
        tags: ['monitoring'],
        summary: 'Self-declaration of a risk (no login): opens an identification case, returns a receipt code',
        body: Declaration,
        response: { 200: single(z.object({ receiptCode: z.string() })), ...errorResponses },
      },
    },
    async (req) => {
      const b = req.body
      const today = chinaDate(deps.clock.now())
      const id = b.idNumber.toUpperCase()
      if (!isValidIdNumber(id, { today })) {
        throw new AppError('VALIDATION_FAILED', {
          issues: [{ field: 'idNumber', message: '身份证号码无效', messageEn: 'the ID number is not valid' }],
        })
      }
      const p = await deps.db
        .selectFrom('person')
        .innerJoin('household', 'household.id', 'person.household_id')
        .select(['household.id', 'household.region_code', 'person.name'])
        .where('person.id_number', '=', id)
        .executeTakeFirst()
      if (!p || p.region_code !== b.villageCode || p.name !== b.name) {
        throw new AppError('NOT_FOUND', {
          what: '申报人（姓名、身份证号与村不符）',
          whatEn: 'The applicant (name, ID and village do not match)',
        })
      }
      // The public applicant acts through a role-less channel actor scoped to the village; the audit names it.
      const channel: Actor = {
        userId: null,
        username: 'public-declaration',
        regionCode: p.region_code,
        scope: p.region_code,
        roles: ['VILLAGE_CADRE'],
      }
      const c = await openCase(deps, channel, 'MONITORING_IDENT', {
        householdId: p.id,
        receipt: true,
        values: { channel: 'SELF_DECLARATION', reason: b.reason },
        comment: `联系电话 ${b.phone.slice(0, 3)}****${b.phone.slice(-4)}`,
      })
      return { data: { receiptCode: c.receipt_code ?? '' } }
    },
  )
}
