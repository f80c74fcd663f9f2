/**
 * `/policy` (政策规则): "how is this computed". The rules tab lists every variable of the policy model a programme uses
 * (its outputs and everything they read, in dependency order) with its formula as text, its labelled rules and their
 * citations; the parameters tab lists every parameter in force for the selected region on a date, with the scope the
 * value comes from, its effective date and its source. Citations show whether a source is national, local practice or
 * a design assumption, so an official can tell which figures still need a local decision.
 */
import { BookOutlined } from '@ant-design/icons'
import { ruleLabel } from '@xianjie/rules/rule-labels'
import {
  Card,
  DatePicker,
  Descriptions,
  Input,
  Select,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tabs,
  Tag,
  Typography,
} from 'antd'
import type { Dayjs } from 'dayjs'
import { type HTMLAttributes, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useMe } from '../../app/auth.tsx'
import { useRegion } from '../../app/region.tsx'
import { regionPrefix } from '../../app/types.ts'
import i18n, { codeLabel, currentLanguage } from '../../i18n/index.ts'
import { Citations } from '../../ui/Citations.tsx'
import { chinaToday } from '../../ui/dates.ts'
import { InlineError, PageLoading } from '../../ui/PageState.tsx'
import { tx } from '../workflow/workflowApi.ts'
import { useFormatValue } from './formatValue.ts'
import { constantGroups, formulaInWords } from './formulaWords.ts'
import { type ParameterDoc, type RuleDoc, usePolicyModel, usePolicyParameters, type VariableDoc } from './policyApi.ts'

/** A name in the page's language (its code on hover). */
function Named({ label, code }: { label: string; code: string }) {
  // the model's own name for it stays on hover, for whoever maintains the rules
  return (
    <Typography.Text strong title={code}>
      {label}
    </Typography.Text>
  )
}

/** A search box that searches on Enter and clears the search when emptied. */
function SearchBox({ dataTest, onSearch }: { dataTest: string; onSearch: (q: string) => void }) {
  const { t } = useTranslation()
  return (
    <Input.Search
      data-test={dataTest}
      allowClear
      placeholder={t('policy.search')}
      style={{ width: 260 }}
      onSearch={onSearch}
      onChange={(e) => {
        if (!e.target.value) onSearch('')
      }}
    />
  )
}

/** The variables of the selected programmes: their outputs and everything they read, in the model's order. */
function closure(variables: VariableDoc[], outputs: readonly string[]): Set<string> {
  const byName = new Map(variables.map((v) => [v.name, v]))
  const seen = new Set<string>()
  const stack = [...outputs]
  while (stack.length) {
    const n = stack.pop() as string
    if (seen.has(n) || !byName.has(n)) continue
    seen.add(n)
    for (const d of byName.get(n)?.dependsOn ?? []) if (!d.startsWith('param:')) stack.push(d)
  }
  return seen
}

function RuleList({ rules, words }: { rules: RuleDoc[]; words: (f: string) => string }) {
  const { t } = useTranslation()
  return (
    <Table<RuleDoc>
      size="small"
      pagination={false}
      rowKey={(r) => `${r.cases}-${r.label}`}
      tableLayout="fixed"
      dataSource={rules}
      data-test="variable-rules"
      columns={[
        {
          title: t('policy.rule'),
          key: 'label',
          width: 180,
          render: (_: unknown, r) => (
            <Space orientation="vertical" size={0}>
              <Tag style={{ whiteSpace: 'normal', wordBreak: 'break-word' }} title={r.label}>
                {words(r.label)}
              </Tag>
              {r.exceptionTo ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('policy.exceptionTo', { label: words(r.exceptionTo) })}
                </Typography.Text>
              ) : null}
            </Space>
          ),
        },
        { title: t('policy.when'), dataIndex: 'when', width: 180, render: (w: string) => words(w) },
        {
          title: t('policy.value'),
          dataIndex: 'value',
          render: (v: string) => <span style={{ wordBreak: 'break-word' }}>{words(v)}</span>,
        },
        {
          title: t('policy.basis'),
          key: 'legal',
          width: 260,
          render: (_: unknown, r) => <Citations standing legal={r.legal} />,
        },
      ]}
    />
  )
}

function VariableDetail({
  v,
  labelOf,
  words,
  paramLabel,
}: {
  v: VariableDoc
  labelOf: (name: string) => string
  words: (f: string) => string
  paramLabel: (key: string) => string
}) {
  const { t } = useTranslation()
  const deps = v.dependsOn.filter((d) => !d.startsWith('param:'))
  const params = v.dependsOn.filter((d) => d.startsWith('param:')).map((d) => d.slice(6))
  return (
    <div data-test="variable-detail">
      {v.versions.map((ver) => (
        <div key={ver.from} style={{ marginBottom: 12 }}>
          <Typography.Text type="secondary">
            {t('policy.since', { date: ver.from })}
            {ver.to ? ` – ${ver.to}` : ''}
          </Typography.Text>
          <Typography.Paragraph data-test="variable-formula-full" title={ver.formula} style={{ marginBottom: 8 }}>
            {words(ver.formula)}
          </Typography.Paragraph>
          {ver.cases.length ? <RuleList rules={ver.cases} words={words} /> : null}
        </div>
      ))}
      <Descriptions size="small" column={1}>
        {deps.length ? (
          <Descriptions.Item label={t('policy.dependsOn')}>
            <Space size={[4, 4]} wrap>
              {deps.map((d) => (
                <Tag key={d}>{labelOf(d)}</Tag>
              ))}
              {params.map((p) => (
                <Tag key={p} color="geekblue" title={p}>
                  {paramLabel(p)}
                </Tag>
              ))}
            </Space>
          </Descriptions.Item>
        ) : null}
        {v.usedBy.length ? (
          <Descriptions.Item label={t('policy.usedBy')}>
            <Space size={[4, 4]} wrap>
              {v.usedBy.map((d) => (
                <Tag key={d}>{labelOf(d)}</Tag>
              ))}
            </Space>
          </Descriptions.Item>
        ) : null}
      </Descriptions>
    </div>
  )
}

function RulesTab() {
  const { t } = useTranslation()
  const model = usePolicyModel()
  const { region } = useRegion()
  const paramsNow = usePolicyParameters(region.code, chinaToday().format('YYYY-MM-DD'))
  const [programme, setProgramme] = useState<string>('')
  const [q, setQ] = useState('')
  const [inputs, setInputs] = useState(false)
  const data = model.data
  const shown = useMemo(() => {
    if (!data) return []
    const scope = programme ? closure(data.variables, data.programmes[programme] ?? []) : null
    const needle = q.trim().toLowerCase()
    return data.variables.filter(
      (v) =>
        (inputs || !v.input) &&
        (!scope || scope.has(v.name)) &&
        (!needle ||
          v.name.toLowerCase().includes(needle) ||
          v.label.zh.includes(needle) ||
          v.label.en.toLowerCase().includes(needle)),
    )
  }, [data, programme, q, inputs])
  if (model.error) return <InlineError error={model.error} onRetry={() => void model.refetch()} />
  if (!model.data) return <PageLoading />
  const labels = new Map(model.data.variables.map((v) => [v.name, tx(v.label)]))
  const labelOf = (name: string) => labels.get(name) ?? name
  const paramLabels = new Map((paramsNow.data?.parameters ?? []).map((p) => [p.path, tx(p.label)]))
  const paramLabel = (key: string) => paramLabels.get(key) ?? t('policy.aParameter')
  const en = currentLanguage() === 'en-US'
  const constant = (code: string) => {
    for (const g of constantGroups) {
      const label = codeLabel(g, code)
      if (label !== code) return label
    }
    return undefined
  }
  const words = (f: string) =>
    formulaInWords(f, {
      variable: (n) => labels.get(n),
      parameter: (k) => paramLabels.get(k),
      constant,
      rule: (r) => {
        const l = ruleLabel(r)
        return l ? tx(l) : undefined
      },
      en,
    })
  const columns: TableColumnsType<VariableDoc> = [
    {
      title: t('policy.variable'),
      key: 'name',
      width: 260,
      render: (_: unknown, v) => <Named label={tx(v.label)} code={v.name} />,
    },
    {
      title: t('policy.formula'),
      key: 'formula',
      render: (_: unknown, v) =>
        v.input ? (
          <Tag>{t('policy.input')}</Tag>
        ) : (
          <Typography.Paragraph
            ellipsis={{ rows: 2 }}
            style={{ marginBottom: 0, fontSize: 12 }}
            data-test="variable-formula"
          >
            {words(v.versions[v.versions.length - 1]?.formula ?? '')}
          </Typography.Paragraph>
        ),
    },
    {
      title: t('policy.basis'),
      key: 'legal',
      width: 340,
      render: (_: unknown, v) => <Citations standing legal={[...v.legal, ...v.versions.flatMap((x) => x.legal)]} />,
    },
  ]
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          data-test="policy-programme"
          style={{ minWidth: 220 }}
          value={programme}
          onChange={setProgramme}
          options={[
            { value: '', label: t('policy.allProgrammes') },
            ...Object.keys(model.data.programmes).map((p) => ({
              value: p,
              label: t(`policy.programmes.${p}` as 'policy.programmes.dibao', { defaultValue: p }),
            })),
          ]}
          aria-label={t('policy.programme')}
        />
        <SearchBox dataTest="policy-search" onSearch={setQ} />
        <Space>
          <Switch size="small" checked={inputs} onChange={setInputs} data-test="policy-inputs" />
          {t('policy.showInputs')}
        </Space>
        <Typography.Text type="secondary" data-test="policy-count">
          {t('policy.count', { count: shown.length })}
        </Typography.Text>
      </Space>
      <Table<VariableDoc>
        data-test="policy-variables"
        rowKey="name"
        tableLayout="fixed"
        size="middle"
        columns={columns}
        dataSource={shown}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        expandable={{
          expandedRowRender: (v) => <VariableDetail v={v} labelOf={labelOf} words={words} paramLabel={paramLabel} />,
          rowExpandable: (v) => !v.input,
        }}
        onRow={(v) => ({ 'data-test': 'policy-variable', 'data-name': v.name }) as HTMLAttributes<HTMLElement>}
      />
    </>
  )
}

/** A breakdown cell (`DIBAO|PAST`) in words: each part by its meaning, the code itself where none is known. */
function cellWords(cell: string): string {
  const words = i18n.getResource(currentLanguage(), 'translation', 'policy.cells') as Record<string, string> | undefined
  return cell
    .split('|')
    .map((part) => words?.[part] ?? part)
    .join(' · ')
}

function ParametersTab() {
  const { t } = useTranslation()
  const { region } = useRegion()
  const [date, setDate] = useState<Dayjs>(() => chinaToday())
  const [q, setQ] = useState('')
  const day = date.format('YYYY-MM-DD')
  const params = usePolicyParameters(region.code, day)
  const format = useFormatValue()
  const shown = useMemo(() => {
    const needle = q.trim().toLowerCase()
    return (params.data?.parameters ?? []).filter(
      (p) =>
        !needle ||
        p.path.toLowerCase().includes(needle) ||
        p.description.toLowerCase().includes(needle) ||
        (p.label?.zh ?? '').includes(needle) ||
        (p.label?.en ?? '').toLowerCase().includes(needle),
    )
  }, [params.data, q])
  // A scope is a region-code prefix (62, 6229, 622926): named after the user's own regions where it is one of them.
  const me = useMe()
  const names = new Map(me.regionPath.map((r) => [regionPrefix(r), r.name]))
  const scopeName = (s: string | null) => {
    if (s === null) return '—'
    if (s === '') return t('policy.national')
    const name = names.get(s)
    return name ? `${name}（${s}）` : s
  }
  const columns: TableColumnsType<ParameterDoc> = [
    {
      title: t('policy.parameter'),
      key: 'path',
      render: (_: unknown, p) => <Named label={p.label ? tx(p.label) : p.description} code={p.path} />,
    },
    {
      title: t('policy.paramValue'),
      key: 'value',
      width: 200,
      render: (_: unknown, p) =>
        p.isScale ? (
          <Space orientation="vertical" size={0} data-test="param-value">
            <Typography.Text type="secondary">{t('policy.scale')}</Typography.Text>
            {p.brackets.map((b) => (
              <Typography.Text key={b.threshold} style={{ fontSize: 12 }}>
                ≥ {b.threshold}: {b.rate ?? b.amount}
              </Typography.Text>
            ))}
          </Space>
        ) : (
          <Space orientation="vertical" size={0} data-test="param-value">
            {p.values.map((v) => (
              <span key={v.cell}>
                {v.cell === '_default' ? '' : <Typography.Text type="secondary">{cellWords(v.cell)}：</Typography.Text>}
                {v.value === null ? (
                  <Typography.Text type="secondary">{t('policy.noValue')}</Typography.Text>
                ) : (
                  <Typography.Text strong>{format(v.value, p.unit)}</Typography.Text>
                )}
              </span>
            ))}
          </Space>
        ),
    },
    {
      title: t('policy.scope'),
      key: 'scope',
      width: 140,
      render: (_: unknown, p) => {
        const scopes = [...new Set(p.values.map((v) => scopeName(v.region)))]
        return <span data-test="param-scope">{scopes.join('、') || '—'}</span>
      },
    },
    {
      title: t('policy.effective'),
      key: 'since',
      width: 110,
      render: (_: unknown, p) => [...new Set(p.values.map((v) => v.since ?? '—'))].join('、') || '—',
    },
    {
      title: t('policy.basis'),
      key: 'legal',
      width: 280,
      render: (_: unknown, p) => {
        const cited = p.values.flatMap((v) => v.legal)
        return <Citations standing legal={cited.length ? cited : p.legal} />
      },
    },
  ]
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Text data-test="policy-region">{t('policy.region', { name: region.name })}</Typography.Text>
        <DatePicker
          data-test="policy-date"
          allowClear={false}
          value={date}
          onChange={(d) => d && setDate(d)}
          aria-label={t('policy.date')}
        />
        <SearchBox dataTest="param-search" onSearch={setQ} />
        {params.data ? (
          <Typography.Text type="secondary">
            {t('policy.count', { count: shown.length })} · {t('policy.digest', { digest: params.data.digest })}
          </Typography.Text>
        ) : null}
      </Space>
      {params.error ? <InlineError error={params.error} onRetry={() => void params.refetch()} /> : null}
      <Table<ParameterDoc>
        data-test="policy-parameters"
        rowKey="path"
        tableLayout="fixed"
        size="middle"
        loading={params.isLoading}
        columns={columns}
        dataSource={shown}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        onRow={(p) => ({ 'data-test': 'policy-parameter', 'data-path': p.path }) as HTMLAttributes<HTMLElement>}
      />
    </>
  )
}

export default function PolicyPage() {
  const { t } = useTranslation()
  return (
    <div data-test="policy-page">
      <Typography.Title level={3}>
        <BookOutlined /> {t('policy.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('policy.hint')}</Typography.Paragraph>
      <Card>
        <Tabs
          destroyOnHidden
          items={[
            { key: 'rules', label: <span data-test="tab-rules">{t('policy.rulesTab')}</span>, children: <RulesTab /> },
            {
              key: 'params',
              label: <span data-test="tab-params">{t('policy.paramsTab')}</span>,
              children: <ParametersTab />,
            },
          ]}
        />
      </Card>
    </div>
  )
}
