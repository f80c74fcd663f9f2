/**
 * The documents a rule or a value rests on, named as officials name them (《最低生活保障审核确认办法》（民发〔2021〕57号）
 * 第十条), from `@xianjie/rules/documents`. A citation given more than once is shown once. With `standing`, a value
 * that rests only on local practice or a design choice is marked 地方默认值，待核定 (the policy page, where officials
 * decide such values); elsewhere only the documents show.
 */
import { LinkOutlined } from '@ant-design/icons'
import { documentOf, standing as standingOf } from '@xianjie/rules/documents'
import { Tag, Typography } from 'antd'
import { tx } from '../features/workflow/workflowApi.ts'

export interface Citation {
  id: string
  title: string
  article?: string | undefined
  href?: string | undefined
  status?: 'SOURCED' | 'LOCAL' | 'MEM' | 'ASSUMPTION' | undefined
}

export function Citations({ legal: all, standing = false }: { legal: readonly Citation[]; standing?: boolean }) {
  const seen = new Set<string>()
  const legal = all.filter((l) => {
    const k = `${tx(documentOf(l))}|${l.article ?? ''}`
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
  if (!legal.length) return <Typography.Text type="secondary">—</Typography.Text>
  const local = legal.some((l) => l.status && l.status !== 'SOURCED')
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4, minWidth: 0 }}>
      {standing && local ? (
        <Tag color="orange" data-test="citation-standing" style={{ marginInlineEnd: 0 }}>
          {tx(standingOf('LOCAL'))}
        </Tag>
      ) : null}
      {legal
        .filter((l) => !(l.status === 'MEM' || l.status === 'ASSUMPTION'))
        .map((l) => {
          const title = `${tx(documentOf(l))}${l.article ? ` ${l.article}` : ''}`
          return (
            <Tag
              key={title}
              data-test="citation"
              data-status={l.status ?? ''}
              title={title}
              style={{
                maxWidth: '100%',
                marginInlineEnd: 0,
                overflow: 'hidden',
                textOverflow: 'ellipsis',
                whiteSpace: 'nowrap',
              }}
            >
              {l.href ? (
                <a href={l.href} target="_blank" rel="noreferrer">
                  <LinkOutlined /> {title}
                </a>
              ) : (
                title
              )}
            </Tag>
          )
        })}
    </div>
  )
}
