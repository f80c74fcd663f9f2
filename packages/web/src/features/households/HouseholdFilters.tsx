/**
 * Filters of the household list: region within the header region, household type, monitoring status, low-income
 * group, risk type (of the latest assistance plan), age band of a member, disability, whole household without labour. Changes apply at once.
 */
import { Col, Form, Row, Select } from 'antd'
import { useTranslation } from 'react-i18next'
import { useRegion } from '../../app/region.tsx'
import { regionPrefix } from '../../app/types.ts'
import { codeOptions } from '../../i18n/index.ts'
import { useRegionChildren } from '../regions/regionsApi.ts'
import type { HouseholdFilter } from './householdsApi.ts'

/** Age bands offered in the filter, as the `ageMin`/`ageMax` the API takes. */
export const ageBands = {
  child: { ageMin: 0, ageMax: 17 },
  working: { ageMin: 18, ageMax: 59 },
  elderly: { ageMin: 60, ageMax: 120 },
} as const
type AgeBand = keyof typeof ageBands

function bandOf(f: HouseholdFilter): AgeBand | undefined {
  return (Object.keys(ageBands) as AgeBand[]).find(
    (b) => ageBands[b].ageMin === f.ageMin && ageBands[b].ageMax === f.ageMax,
  )
}

export function HouseholdFilters({
  value,
  onChange,
}: {
  value: HouseholdFilter
  onChange: (f: HouseholdFilter) => void
}) {
  const { t } = useTranslation()
  const { region } = useRegion()
  const children = useRegionChildren(region.code)
  const set = (patch: Partial<HouseholdFilter>) => onChange({ ...value, ...patch })
  const yesNo = [
    { value: 'true', label: t('households.yes') },
    { value: 'false', label: t('households.no') },
  ]
  const common = { allowClear: true, placeholder: t('households.any'), style: { width: '100%' } }

  return (
    <Form layout="vertical" data-test="household-filters" aria-label={t('households.filters')}>
      <Row gutter={12}>
        <Col xs={24} sm={12} lg={8} xl={6}>
          <Form.Item label={t('households.region')}>
            <Select
              data-test="household-filter-region"
              value={value.region ?? regionPrefix(region)}
              onChange={(v: string) => set({ region: v })}
              loading={children.isPending}
              showSearch={{ optionFilterProp: 'label' }}
              options={[
                { value: regionPrefix(region), label: region.name },
                ...(children.data ?? []).map((c) => ({ value: regionPrefix(c), label: `　${c.name}` })),
              ]}
              style={{ width: '100%' }}
            />
          </Form.Item>
        </Col>
        <Col xs={12} sm={12} lg={8} xl={6}>
          <Form.Item label={t('households.householdType')}>
            <Select
              {...common}
              data-test="household-filter-type"
              value={value.householdType}
              onChange={(v?: HouseholdFilter['householdType']) => set({ householdType: v })}
              options={codeOptions('householdType')}
            />
          </Form.Item>
        </Col>
        <Col xs={12} sm={12} lg={8} xl={6}>
          <Form.Item label={t('households.monitoringStatus')}>
            <Select
              {...common}
              data-test="household-filter-monitoring"
              value={value.monitoringStatus}
              onChange={(v?: string) => set({ monitoringStatus: v })}
              options={codeOptions('monitoringStatus')}
            />
          </Form.Item>
        </Col>
        <Col xs={12} sm={12} lg={8} xl={6}>
          <Form.Item label={t('households.lowIncomeGroup')}>
            <Select
              {...common}
              data-test="household-filter-low-income"
              value={value.lowIncomeGroup}
              onChange={(v?: HouseholdFilter['lowIncomeGroup']) => set({ lowIncomeGroup: v })}
              options={codeOptions('lowIncomeGroup')}
            />
          </Form.Item>
        </Col>
        <Col xs={12} sm={12} lg={8} xl={6}>
          <Form.Item label={t('households.riskType')}>
            <Select
              {...common}
              data-test="household-filter-risk"
              value={value.riskType}
              onChange={(v?: HouseholdFilter['riskType']) => set({ riskType: v })}
              options={codeOptions('riskType')}
            />
          </Form.Item>
        </Col>
        <Col xs={12} sm={12} lg={8} xl={6}>
          <Form.Item label={t('households.ageBand')}>
            <Select
              {...common}
              data-test="household-filter-age"
              value={bandOf(value)}
              onChange={(b?: AgeBand) => set(b ? ageBands[b] : { ageMin: undefined, ageMax: undefined })}
              options={(Object.keys(ageBands) as AgeBand[]).map((b) => ({
                value: b,
                label: t(`households.ageBands.${b}`),
              }))}
            />
          </Form.Item>
        </Col>
        <Col xs={12} sm={12} lg={8} xl={6}>
          <Form.Item label={t('households.disabled')}>
            <Select
              {...common}
              data-test="household-filter-disabled"
              value={value.disabled}
              onChange={(v?: 'true' | 'false') => set({ disabled: v })}
              options={yesNo}
            />
          </Form.Item>
        </Col>
        <Col xs={12} sm={12} lg={8} xl={6}>
          <Form.Item label={t('households.noLabour')}>
            <Select
              {...common}
              data-test="household-filter-no-labour"
              value={value.noLabour}
              onChange={(v?: 'true' | 'false') => set({ noLabour: v })}
              options={yesNo}
            />
          </Form.Item>
        </Col>
      </Row>
    </Form>
  )
}
