/**
 * Header region picker: a TreeSelect rooted at the user's own region that loads children on demand. A village cadre's
 * tree is their one village. The choice goes into the region context.
 */
import { EnvironmentOutlined } from '@ant-design/icons'
import { useQueryClient } from '@tanstack/react-query'
import { TreeSelect } from 'antd'
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { fetchChildren, regionKeys, useRegionChildren } from '../features/regions/regionsApi.ts'
import { useRegion } from './region.tsx'
import type { Region } from './types.ts'

interface Node {
  id: string
  pId: string | null
  value: string
  title: string
  isLeaf: boolean
}

const toNode = (r: Region, root: boolean): Node => ({
  id: r.code,
  pId: root ? null : r.parentCode,
  value: r.code,
  title: r.name,
  isLeaf: r.childCount === 0,
})

export function RegionPicker({ width }: { width: number | string }) {
  const { t } = useTranslation()
  const qc = useQueryClient()
  const { region, home, setRegion } = useRegion()
  const [known, setKnown] = useState<Map<string, Region>>(() => new Map([[home.code, home]]))
  const rootChildren = useRegionChildren(home.code)

  useEffect(() => {
    if (!rootChildren.data) return
    setKnown((m) => addAll(m, rootChildren.data))
  }, [rootChildren.data])

  const treeData = useMemo(() => [...known.values()].map((r) => toNode(r, r.code === home.code)), [known, home.code])

  const loadData = async (node: { value?: unknown }) => {
    const code = String(node.value)
    const children = await qc.fetchQuery({
      queryKey: regionKeys.children(code),
      queryFn: () => fetchChildren(code),
      staleTime: 600_000,
    })
    setKnown((m) => addAll(m, children))
  }

  return (
    <div data-test="region-picker" style={{ width, minWidth: 0 }}>
      <TreeSelect<{ value: string; label: string }>
        aria-label={t('header.regionPicker')}
        style={{ width: '100%' }}
        labelInValue
        value={{ value: region.code, label: region.name }}
        treeDataSimpleMode
        treeData={treeData}
        treeDefaultExpandedKeys={[home.code]}
        loadData={loadData}
        showSearch={{ treeNodeFilterProp: 'title' }}
        placeholder={t('header.regionPlaceholder')}
        prefix={<EnvironmentOutlined />}
        popupMatchSelectWidth={false}
        styles={{ popup: { root: { minWidth: 260, maxWidth: '92vw' } } }}
        loading={rootChildren.isFetching}
        onChange={(v) => {
          const picked = v ? known.get(v.value) : undefined
          if (picked) setRegion(picked)
        }}
      />
    </div>
  )
}

function addAll(m: Map<string, Region>, regions: Region[]): Map<string, Region> {
  if (regions.every((r) => m.has(r.code))) return m
  const next = new Map(m)
  for (const r of regions) next.set(r.code, r)
  return next
}
