/** The tabs of a household: 三保障 and drinking water (with the new-check button), housing and land, helpers. */
import { PlusOutlined } from '@ant-design/icons'
import { Button, Descriptions, Empty, Space, Table, Tag, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { codeLabel } from '../../i18n/index.ts'
import type { HouseholdDetail } from './householdsApi.ts'

const guaranteeKeys = [
  'food_clothing_ok',
  'compulsory_education_ok',
  'medical_insurance_ok',
  'housing_safety_ok',
  'drinking_water_ok',
] as const
const damageKeys = ['housing_damaged', 'water_facility_damaged'] as const
const waterKeys = ['quantity', 'quality', 'convenience', 'assurance', 'piped'] as const

/** The 三保障 tab; `onNew` (for those who may edit the household) opens the new-check form. */
export function GuaranteeTab({ g, onNew }: { g: HouseholdDetail['guarantee']; onNew?: () => void }) {
  const { t } = useTranslation()
  const add = onNew ? (
    <Button type="primary" icon={<PlusOutlined />} onClick={onNew} data-test="guarantee-new">
      {t('guaranteeForm.new')}
    </Button>
  ) : null
  if (!g)
    return (
      <Empty data-test="guarantee-empty" description={t('guarantee.none')}>
        {add}
      </Empty>
    )
  const water = ((g.details as Record<string, unknown> | undefined)?.water ?? {}) as Record<string, unknown>
  const okTag = (ok: unknown, key: string) => (
    <Tag color={ok ? 'green' : 'red'} data-test={`guarantee-${key}`} data-ok={String(Boolean(ok))}>
      {ok ? t('guarantee.ok') : t('guarantee.notOk')}
    </Tag>
  )
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-test="guarantee-tab">
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap' }}>
        {typeof g.checked_on === 'string' ? (
          <Typography.Text type="secondary" data-test="guarantee-checked-on">
            {t('guarantee.checkedOn', { date: g.checked_on })}
          </Typography.Text>
        ) : (
          <span />
        )}
        {add}
      </div>
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
        {guaranteeKeys.map((k) => (
          <Descriptions.Item key={k} label={t(`guarantee.${k}`)}>
            {okTag(g[k], k)}
          </Descriptions.Item>
        ))}
        {damageKeys.map((k) => (
          <Descriptions.Item key={k} label={t(`guarantee.${k}`)}>
            <Tag color={g[k] ? 'red' : 'green'}>{g[k] ? t('guarantee.yes') : t('guarantee.no')}</Tag>
          </Descriptions.Item>
        ))}
      </Descriptions>
      {Object.keys(water).length > 0 ? (
        <Descriptions title={t('guarantee.water')} bordered size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          {waterKeys
            .filter((k) => k in water)
            .map((k) => (
              <Descriptions.Item key={k} label={t(`guarantee.waterItems.${k}`)}>
                <Tag color={water[k] ? 'green' : 'red'}>{water[k] ? t('guarantee.yes') : t('guarantee.no')}</Tag>
              </Descriptions.Item>
            ))}
        </Descriptions>
      ) : null}
    </Space>
  )
}

function plain(v: unknown, yes: string, no: string): string {
  if (typeof v === 'boolean') return v ? yes : no
  if (v === null || v === undefined || v === '') return '—'
  return String(v)
}

export function HousingTab({ h }: { h: HouseholdDetail }) {
  const { t } = useTranslation()
  const housing = h.housing as { area?: number; dangerGrade?: string; renovated?: boolean }
  const land = Object.entries(h.land)
  const yes = t('households.yes')
  const no = t('households.no')
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-test="housing-tab">
      <Descriptions title={t('housing.title')} bordered size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('housing.area')}>
          {housing.area !== undefined ? t('housing.areaValue', { value: housing.area }) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('housing.grade')}>
          {housing.dangerGrade ? (
            <Tag color={housing.dangerGrade === 'C' || housing.dangerGrade === 'D' ? 'red' : 'green'}>
              {codeLabel('housingGrade', housing.dangerGrade)}
            </Tag>
          ) : (
            '—'
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('housing.renovated')}>{plain(housing.renovated, yes, no)}</Descriptions.Item>
      </Descriptions>
      <Descriptions title={t('housing.land')} bordered size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
        {land.length === 0 ? (
          <Descriptions.Item label={t('housing.land')}>{t('housing.noLand')}</Descriptions.Item>
        ) : (
          land.map(([k, v]) => (
            <Descriptions.Item key={k} label={codeLabel('land', k)}>
              {t('housing.landValue', { value: v })}
            </Descriptions.Item>
          ))
        )}
      </Descriptions>
      <Descriptions title={t('housing.living')} bordered size="small" column={{ xs: 1, md: 2 }}>
        {Object.entries(h.livingConditions).map(([k, v]) => (
          <Descriptions.Item key={k} label={codeLabel('living', k)}>
            {plain(v, yes, no)}
          </Descriptions.Item>
        ))}
      </Descriptions>
    </Space>
  )
}

export function HelpersTab({ helpers }: { helpers: HouseholdDetail['helpers'] }) {
  const { t } = useTranslation()
  if (helpers.length === 0) return <Empty data-test="helpers-empty" description={t('helpers.none')} />
  return (
    <Table
      data-test="helpers-table"
      size="small"
      rowKey={(r) => `${r.name}-${r.startDate}`}
      pagination={false}
      dataSource={helpers}
      scroll={{ x: 'max-content' }}
      columns={[
        { title: t('helpers.name'), dataIndex: 'name' },
        { title: t('helpers.unit'), dataIndex: 'unit', render: (u: string | null) => u ?? '—' },
        { title: t('helpers.phone'), dataIndex: 'phone', render: (p: string | null) => p ?? '—' },
        {
          title: t('helpers.period'),
          key: 'period',
          render: (_: unknown, r) => `${r.startDate} – ${r.endDate ?? t('helpers.current')}`,
        },
      ]}
    />
  )
}
