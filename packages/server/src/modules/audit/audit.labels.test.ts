import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import '../../app.ts' // registers every case type
import { caseTypes } from '../workflow/definition.ts'
import { auditActionLabel, auditSubjectLabel, labelledActions } from './audit.labels.ts'

const src = new URL('../../', import.meta.url).pathname

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.includes('testkit')
        ? [join(dir, e.name)]
        : [],
  )
}

/** Every action the server writes literally: `action: '…'` (also in ternaries) and the household version actions. */
function writtenActions(): Set<string> {
  const found = new Set<string>()
  for (const file of sources(src)) {
    const code = readFileSync(file, 'utf8')
    for (const m of code.matchAll(/action: ([^\n,}]+)/g)) {
      // the literals the expression can evaluate to (not those it compares with)
      const expr = (m[1] as string).replaceAll(/[!=]== '[^']*'/g, '')
      for (const lit of expr.matchAll(/'([a-z_.]+)'/g)) found.add(lit[1] as string)
    }
    for (const m of code.matchAll(/(?:commitVersion|changeHousehold|setMonitoringStatus)\([^'\n]*'([a-z_.]+)'/g)) {
      found.add(`household.${m[1]}`)
    }
    for (const m of code.matchAll(/on \? '(assistance\.enter)' : '(assistance\.exit)'/g)) {
      found.add(`household.${m[1]}`)
      found.add(`household.${m[2]}`)
    }
  }
  return found
}

describe('audit labels', () => {
  test('every action the server writes has a name for officials', () => {
    const written = writtenActions()
    expect(written.size).toBeGreaterThan(40)
    const missing = [...written].filter((a) => !labelledActions.has(a) && a !== 'test.mask')
    expect(missing).toEqual([])
    for (const a of written) expect(auditActionLabel(a).zh).not.toMatch(/[a-z_]{3,}/)
  })

  test('case actions are named by their case type and step', () => {
    const types = caseTypes()
    expect(types.length).toBeGreaterThan(3)
    for (const def of types) {
      for (const t of def.transitions) {
        const label = auditActionLabel(`case.${def.type}.${t.event.toLowerCase()}`)
        expect(label).toEqual({ zh: `${def.label.zh} · ${t.label.zh}`, en: `${def.label.en} · ${t.label.en}` })
      }
      expect(auditActionLabel(`case.${def.type}.open`).zh).toBe(`${def.label.zh} · 立案`)
    }
    expect(auditActionLabel('auth.login')).toEqual({ zh: '登录', en: 'Signed in' })
    // written through a constant (audit.chain.ts), so the scan of literals above does not see it
    expect(auditActionLabel('audit.chain.open')).toEqual({ zh: '新建审计链', en: 'Audit chain opened' })
    expect(auditActionLabel('something.new')).toEqual({ zh: '其他操作', en: 'Other action' })
    expect(auditSubjectLabel('sa_decision')).toEqual({ zh: '救助决定', en: 'Assistance decision' })
  })
})
