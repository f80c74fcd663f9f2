import { describe, expect, test } from 'vitest'
import { documentOf, SOURCE_DOCUMENTS, standing } from './documents.ts'
import { SOURCE_TITLES } from './legal.ts'

describe('documents shown to officials', () => {
  test('every source tag names a document in both languages, never a research note', () => {
    expect(Object.keys(SOURCE_DOCUMENTS).sort()).toEqual(Object.keys(SOURCE_TITLES).sort())
    for (const [id, doc] of Object.entries(SOURCE_DOCUMENTS)) {
      for (const text of [doc.zh, doc.en]) {
        expect(text, id).not.toMatch(/github|https?:|\.com|\.cn|dump|assumption|quiz|题库|restatement|§|\bS\d+\b/i)
        expect(text.length, id).toBeGreaterThan(3)
      }
      expect(doc.zh, id).toMatch(/[\u4e00-\u9fff]/)
    }
  })

  test('a citation reads as its document; a local or assumed value as a default to be confirmed', () => {
    expect(documentOf({ id: 'S17', title: 'note' }).zh).toBe('《最低生活保障审核确认办法》（民发〔2021〕57号）')
    expect(documentOf({ id: 'ASSUMPTION', title: 'Design assumption (domain.md §0 …)' }).zh).toBe('地方默认值，待核定')
    expect(documentOf({ id: 'other-doc', title: '《某办法》' }).zh).toBe('《某办法》')
    expect(standing('SOURCED').zh).toBe('有文件依据')
    expect(standing('LOCAL').zh).toBe('地方默认值，待核定')
    expect(standing('ASSUMPTION').en).toBe('Local default, to be confirmed')
  })
})
